using Kfk.Azure.Storage;
using Kfk.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kfk.Azure.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Webhooks: subscriptions and deliveries on Table Storage, the delivery queue, the guarded HTTP sender, the publisher
    /// producers call (<see cref="IWebhookEvents"/>), the deliverer and the unread checker the queue trigger and the poller
    /// call, and the hot path's <see cref="UnreadWatch"/>.
    /// </summary>
    public static IServiceCollection AddKfkWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WebhookOptions>>().Value);
        services.AddStorageTable(TableWebhookStore.SubscriptionsTable);
        services.AddStorageTable(TableWebhookStore.DeliveriesTable);
        services.AddStorageQueue(QueueWebhookQueue.QueueName);
        services.AddStorageQueue(QueueWebhookQueue.PoisonQueueName);
        services.TryAddSingleton(sp => new SecretProtector(sp.GetRequiredService<WebhookOptions>().SecretKey ?? ""));
        services.TryAddSingleton<IWebhookStore, TableWebhookStore>();
        services.TryAddSingleton<IWebhookQueue, QueueWebhookQueue>();
        services.TryAddSingleton<IWebhookSender>(sp =>
        {
            var options = sp.GetRequiredService<WebhookOptions>();
            var http = new HttpClient(HttpWebhookSender.CreateHandler(options)) { Timeout = Timeout.InfiniteTimeSpan };
            return new HttpWebhookSender(http, options, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<WebhookPublisher>();
        services.TryAddSingleton<IWebhookEvents>(sp => sp.GetRequiredService<WebhookPublisher>());
        services.TryAddSingleton<WebhookDeliverer>();
        services.TryAddSingleton<UnreadInterest>();
        services.TryAddSingleton<UnreadWatch>();
        services.TryAddSingleton<UnreadChecker>();
        return services;
    }
}
