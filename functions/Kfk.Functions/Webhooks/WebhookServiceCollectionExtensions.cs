using Kfk.Azure.Webhooks;
using Kfk.Core.Webhooks;
using Kfk.Functions.Platform;

namespace Kfk.Functions.Webhooks;

public static class WebhookHostingExtensions
{
    /// <summary>
    /// Platform events: the webhooks (Kfk.Azure), event data in the API's shapes, and the standalone delivery poller.
    /// Without <c>Kfk:Webhooks:SecretKey</c> the stored secrets are protected with a key derived from the platform API key.
    /// </summary>
    public static IServiceCollection AddPlatformWebhooks(this IServiceCollection services)
    {
        services.AddKfkWebhooks();
        services.AddOptions<WebhookOptions>().PostConfigure<IConfiguration>((options, configuration) =>
        {
            if (string.IsNullOrEmpty(options.SecretKey))
            {
                options.SecretKey = configuration[PlatformOptions.SectionName + ":" + nameof(PlatformOptions.ApiKey)];
            }
        });
        services.AddSingleton<IWebhookResources, ApiWebhookResources>();
        services.AddWebhookDeliveryPoller();
        return services;
    }
}
