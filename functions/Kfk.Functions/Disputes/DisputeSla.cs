using Kfk.Core.Disputes;
using Kfk.Functions.FunctionsHost;
using Kfk.Functions.Hosting;

namespace Kfk.Functions.Disputes;

/// <summary>
/// The SLA check (<see cref="DisputeService.MarkOverdueAsync"/>): a timer-triggered function under the Functions host
/// (<c>functions/DisputeSla/function.json</c> → <c>POST /DisputeSla</c>), or an in-process timer when the app runs
/// standalone. Both call the same code; running it twice at once marks nothing twice. Each run also publishes the
/// dispute events a crash left in the outbox (<see cref="DisputeService.PublishPendingEventsAsync"/>).
/// </summary>
public static class DisputeSla
{
    public const string FunctionName = "DisputeSla";

    public static IEndpointRouteBuilder MapDisputeSlaFunction(this IEndpointRouteBuilder app)
    {
        app.MapFunctionTrigger(FunctionName, async (_, services, cancellationToken) =>
        {
            var disputes = services.GetRequiredService<DisputeService>();
            var marked = await disputes.MarkOverdueAsync(cancellationToken);
            var published = await disputes.PublishPendingEventsAsync(cancellationToken);
            return FunctionResult.Completed($"{marked} dispute(s) marked overdue", $"{published} pending event(s) published");
        });
        return app;
    }

    public static IServiceCollection AddDisputeSlaTimer(this IServiceCollection services)
    {
        services.AddHostedService<DisputeSlaTimer>();
        return services;
    }
}

/// <summary>The standalone schedule: every <see cref="DisputeOptions.SlaCheckInterval"/>, off under the Functions host.</summary>
public sealed partial class DisputeSlaTimer(
    IServiceProvider services,
    DisputeOptions options,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<DisputeSlaTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.InProcessSlaTimer || HostingOptions.IsUnderFunctionsHost(configuration))
        {
            return;
        }
        // Resolved only when the timer runs: hosted services are built before the app listens, and under the Functions
        // host (every deployed cold start) the dispute graph (stores, Web PubSub client) would be built for nothing.
        var service = services.GetRequiredService<DisputeService>();
        using var timer = new PeriodicTimer(options.SlaCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var marked = await service.MarkOverdueAsync(stoppingToken);
                if (marked > 0)
                {
                    LogMarked(marked);
                }
                await service.PublishPendingEventsAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} dispute(s) marked overdue")]
    private partial void LogMarked(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The SLA check failed; it runs again at the next tick")]
    private partial void LogFailed(Exception ex);
}
