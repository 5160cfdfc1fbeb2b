using Azure.Core;
using Kfk.Azure.Storage;
using Kfk.Azure.WebPubSub.EventHandler;
using Kfk.Core.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kfk.Azure.WebPubSub;

public static class WebPubSubServiceCollectionExtensions
{
    /// <summary>The key under which a test can pre-register the HTTP handler the REST client sends through.</summary>
    public const string HttpHandlerKey = "webpubsub";

    public static IServiceCollection AddKfkWebPubSub(this IServiceCollection services)
    {
        services.AddOptions<WebPubSubOptions>()
            .BindConfiguration(WebPubSubOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebPubSubOptions>, WebPubSubOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<HttpMessageHandler>(HttpHandlerKey, (_, _) => new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
        services.TryAddSingleton(sp =>
        {
            var options = Options(sp);
            var http = new HttpClient(sp.GetRequiredKeyedService<HttpMessageHandler>(HttpHandlerKey), disposeHandler: false)
            {
                Timeout = TimeSpan.FromSeconds(30),
            };
            var time = sp.GetRequiredService<TimeProvider>();
            var authentication = WebPubSubAuthentication.Create(options, time, () => Credential(sp, options));
            return new WebPubSubRestClient(http, options.ServiceEndpoint, authentication, sp.GetRequiredService<ILogger<WebPubSubRestClient>>());
        });
        services.TryAddSingleton(sp => new ClientAccessTokens(Options(sp), sp.GetRequiredService<WebPubSubRestClient>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IRealtimeHub, WebPubSubRealtimeHub>();
        services.TryAddSingleton(sp => new ConnectionStateCodec(Options(sp).ConnectionStateKey));
        services.TryAddSingleton<ConnectionLiveness>();
        services.TryAddSingleton(_ => new EventReplyCache());
        services.TryAddSingleton<EventRequestAuthenticator>(sp =>
        {
            var options = Options(sp);
            return options.UsesAccessKeys
                ? new SignatureAuthenticator(options.AccessKeys, options.ServiceEndpoint)
                : ManagedIdentityAuthenticator.ForTenant(options.TenantId!, options.EventHandlerAudience!, options.ServiceEndpoint);
        });
        return services;
    }

    private static WebPubSubOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<WebPubSubOptions>>().Value;

    private static TokenCredential Credential(IServiceProvider sp, WebPubSubOptions options) =>
        sp.GetService<TokenCredential>() ?? StorageClientFactory.CreateCredential(options.ManagedIdentityClientId);
}
