namespace Kfk.Core.Likeshop;

/// <summary>
/// How image addresses travel on the likeshop wire. Both real clients show record images, avatars and goods images as
/// <c>base_domain + value</c> (the workbench with <c>/kefuapi/chat/config</c>'s, the buyer app with the platform's own
/// config) and a few panels use their value raw. With <see cref="BaseDomain"/> empty every address is absolute; set it to
/// the platform's <c>base_domain</c> (the origin that also routes <c>/media/*</c> to Kfk) and prefixed fields become
/// relative to it, raw-use fields absolute. Kfk stores absolute addresses either way.
/// </summary>
public sealed class LikeshopUrls(string? baseDomain)
{
    public static readonly LikeshopUrls AbsoluteOnly = new(null);

    public string BaseDomain { get; } = baseDomain ?? "";

    /// <summary>A field the clients prefix with <c>base_domain</c>: relative to it when it lies under it.</summary>
    public string Prefixed(string? url) =>
        url is null ? ""
        : BaseDomain.Length > 0 && url.StartsWith(BaseDomain, StringComparison.OrdinalIgnoreCase) ? url[BaseDomain.Length..]
        : url;

    /// <summary>A field the clients use raw: absolute (a relative address is taken as relative to <c>base_domain</c>).</summary>
    public string Raw(string? url) =>
        url is null or "" ? ""
        : BaseDomain.Length > 0 && !IsWebAddress(url) ? BaseDomain + url.TrimStart('/')
        : url;

    // Not Uri.TryCreate alone: on Linux "/uploads/a.png" parses as an absolute file URI.
    private static bool IsWebAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
