using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Kfk.Azure.Webhooks;
using Kfk.Core.Webhooks;
using Kfk.Functions.FunctionsHost;
using Kfk.Functions.Hosting;

namespace Kfk.Functions.Webhooks;

/// <summary>
/// Webhook delivery: a queue-triggered function under the Functions host (<c>functions/WebhookDelivery/function.json</c>
/// → <c>POST /WebhookDelivery</c>), or an in-process poller of the same queue when the app runs standalone. Both hand
/// each message to <see cref="WebhookDeliverer"/> (a delivery ticket) or <see cref="UnreadChecker"/> (an unread check); a
/// message that is neither is completed (dropped), never retried.
/// </summary>
public static class WebhookDeliveryFunction
{
    public const string FunctionName = "WebhookDelivery";
    public const string BindingName = "message";

    public static IEndpointRouteBuilder MapWebhookDeliveryFunction(this IEndpointRouteBuilder app)
    {
        app.MapFunctionTrigger(FunctionName, async (invocation, services, cancellationToken) =>
        {
            var result = await HandleAsync(invocation.QueueMessageText(BindingName), services, cancellationToken);
            return FunctionResult.Completed(result);
        });
        return app;
    }

    /// <summary>Handles one message of the queue; returns the line the function logs.</summary>
    public static async Task<string> HandleAsync(string? messageText, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (QueueWebhookQueue.Read(messageText) is { } ticket)
        {
            return "webhook delivery: " + await services.GetRequiredService<WebhookDeliverer>().DeliverAsync(ticket, cancellationToken) switch
            {
                DeliveryResult.Delivered => "delivered",
                DeliveryResult.Retrying => "retrying",
                DeliveryResult.DeadLettered => "dead_lettered",
                DeliveryResult.Deferred => "deferred",
                _ => "skipped",
            };
        }
        if (QueueWebhookQueue.ReadUnreadCheck(messageText) is { } check)
        {
            return "unread check: " + await services.GetRequiredService<UnreadChecker>().CheckAsync(check, cancellationToken) switch
            {
                UnreadCheckResult.Emitted => "emitted",
                UnreadCheckResult.NothingUnread => "nothing_unread",
                UnreadCheckResult.Deferred => "deferred",
                _ => "skipped",
            };
        }
        return "webhook delivery: not a delivery ticket, dropped";
    }

    public static IServiceCollection AddWebhookDeliveryPoller(this IServiceCollection services)
    {
        services.AddHostedService<WebhookDeliveryPoller>();
        return services;
    }
}

/// <summary>
/// The standalone stand-in for the queue trigger: receives up to 16 messages at a time, hands each to the same code, deletes
/// it when handled; a message that failed <see cref="MaxDequeueCount"/> times goes to the poison queue, as the host does.
/// Off under the Functions host and when <see cref="WebhookOptions.InProcessPoller"/> is false.
/// </summary>
public sealed partial class WebhookDeliveryPoller(
    IServiceProvider services,
    WebhookOptions options,
    IConfiguration configuration,
    ILogger<WebhookDeliveryPoller> logger) : BackgroundService
{
    public const int MaxDequeueCount = 5;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.InProcessPoller || HostingOptions.IsUnderFunctionsHost(configuration))
        {
            return;
        }
        // Resolved only when the poller runs (never under the Functions host).
        var queues = services.GetRequiredService<QueueServiceClient>();
        var queue = queues.GetQueueClient(QueueWebhookQueue.QueueName);
        var poison = queues.GetQueueClient(QueueWebhookQueue.PoisonQueueName);
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                var messages = await queue.ReceiveMessagesAsync(16, Lease, stoppingToken);
                foreach (var message in messages.Value)
                {
                    if (await TryHandleAsync(queue, poison, message, stoppingToken))
                    {
                        handled++;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogReceiveFailed(ex);
            }
            if (handled == 0)
            {
                try
                {
                    await Task.Delay(options.PollInterval, stoppingToken); // the real clock: a polling pace, not business time
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Handles and deletes one message; a failure leaves it to reappear after its lease (then poisoned), and the rest of the batch goes on.</summary>
    private async Task<bool> TryHandleAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            if (message.DequeueCount > MaxDequeueCount)
            {
                await poison.SendMessageAsync(message.MessageText, cancellationToken: stoppingToken);
            }
            else
            {
                await WebhookDeliveryFunction.HandleAsync(message.MessageText, services, stoppingToken);
            }
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
            return true;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogMessageFailed(ex, message.MessageId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery poll failed")]
    private partial void LogReceiveFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook queue message {MessageId} failed; it is retried after its lease")]
    private partial void LogMessageFailed(Exception ex, string messageId);
}
