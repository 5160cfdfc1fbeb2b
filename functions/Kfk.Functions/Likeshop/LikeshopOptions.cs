namespace Kfk.Functions.Likeshop;

/// <summary>What <c>GET /kefuapi/chat/config</c> tells the workbench (section <c>Kfk:Likeshop</c>).</summary>
public sealed class LikeshopOptions
{
    public const string SectionName = "Kfk:Likeshop";

    /// <summary>The shop platform's web address (images and links in the workbench are relative to it).</summary>
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
        return services;
    }
}
