using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Realtime;

/// <summary>The per-instance bound on user events in flight (<see cref="RealtimeEventOptions.MaxInFlightEvents"/>); no queue.</summary>
public sealed class EventAdmission(IOptions<RealtimeEventOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxInFlightEvents,
        QueueLimit = 0,
    });

    public TimeSpan Deadline { get; } = options.Value.EventDeadline;

    /// <summary>A lease to dispose when the event is answered; not acquired when the instance is at its limit.</summary>
    public RateLimitLease TryEnter() => _limiter.AttemptAcquire();

    public void Dispose() => _limiter.Dispose();
}

public static class EventAdmissionExtensions
{
    public static IServiceCollection AddRealtimeEventLimits(this IServiceCollection services)
    {
        services.AddOptions<RealtimeEventOptions>()
            .BindConfiguration(RealtimeEventOptions.SectionName)
            .Validate(o => o.MaxInFlightEvents is >= 1 and <= 100_000, "Kfk:Realtime:MaxInFlightEvents must be 1 to 100000.")
            .Validate(o => o.EventDeadline > TimeSpan.Zero && o.EventDeadline <= TimeSpan.FromSeconds(60),
                "Kfk:Realtime:EventDeadline must be more than 0 and at most 00:01:00.")
            .ValidateOnStart();
        services.AddSingleton<EventAdmission>();
        return services;
    }
}
