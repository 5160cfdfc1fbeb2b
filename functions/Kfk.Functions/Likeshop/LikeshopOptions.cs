using Kfk.Core.Likeshop;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Likeshop;

/// <summary>What <c>GET /kefuapi/chat/config</c> tells the workbench (section <c>Kfk:Likeshop</c>).</summary>
public sealed class LikeshopOptions
{
    public const string SectionName = "Kfk:Likeshop";

    /// <summary>
    /// The platform's <c>base_domain</c> (e.g. <c>https://shop.example.com/</c>), which both real clients put in front of
    /// record images, avatars and goods images; empty = every address absolute (<see cref="LikeshopUrls"/>).
    /// </summary>
    public string BaseDomain { get; set; } = "";

    public string WebFavicon { get; set; } = "";

    public string CompanyName { get; set; } = "";

    /// <summary>The WebSocket address of the likeshop hub; empty = derived from the Web PubSub endpoint.</summary>
    public string WsDomain { get; set; } = "";
}

public static class LikeshopServiceCollectionExtensions
{
    public static IServiceCollection AddLikeshopCompatibility(this IServiceCollection services)
    {
        services.AddOptions<LikeshopOptions>().BindConfiguration(LikeshopOptions.SectionName);
        services.AddExceptionHandler<LikeshopBadRequests>();
        services.AddSingleton(provider => new LikeshopUrls(provider.GetRequiredService<IOptions<LikeshopOptions>>().Value.BaseDomain));
        return services;
    }
}
