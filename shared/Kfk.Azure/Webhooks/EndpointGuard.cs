using System.Net;
using System.Net.Sockets;
using Kfk.Core.Common;
using Kfk.Core.Webhooks;

namespace Kfk.Azure.Webhooks;

/// <summary>
/// Which endpoints Kfk will POST to: https (http only with <see cref="WebhookOptions.AllowHttp"/>), and never an address
/// inside the deployment's network — loopback, link-local (cloud metadata), private, shared, unspecified or multicast —
/// unless <see cref="WebhookOptions.AllowPrivateNetworks"/> (SSRF). Checked when a subscription is saved, and again on
/// every connection (the address actually dialled, so a DNS answer that changes later cannot slip through).
/// </summary>
public static class EndpointGuard
{
    public const int MaxUrlLength = 2048;

    public static Result<Uri> CheckUrl(string? url, WebhookOptions options)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return Error.Validation("invalid_url", $"url must be an absolute URL of at most {MaxUrlLength} characters.", "url");
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && options.AllowHttp))
        {
            return Error.Validation("url_not_https", "url must use https.", "url");
        }
        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return Error.Validation("invalid_url", "url must not carry credentials or a fragment.", "url");
        }
        return uri;
    }

    /// <summary>Resolves the host (an IP literal as itself): refused when any of its addresses is forbidden, or when it does not resolve.</summary>
    public static async Task<Error?> CheckResolvedAsync(Uri uri, WebhookOptions options, CancellationToken cancellationToken)
    {
        if (options.AllowPrivateNetworks)
        {
            return null;
        }
        try
        {
            var addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
            return Refuses(addresses, options) ? Refused() : null;
        }
        catch (SocketException)
        {
            return Error.Validation("url_unresolvable", $"The host {uri.IdnHost} does not resolve.", "url");
        }
    }

    /// <summary>True when a host that resolved to <paramref name="addresses"/> may not be reached: none, or any forbidden.</summary>
    public static bool Refuses(IPAddress[] addresses, WebhookOptions options) =>
        !options.AllowPrivateNetworks && (addresses.Length == 0 || addresses.Any(IsForbidden));

    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 or >= 224 // this network, private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] is >= 64 and <= 127) // shared address space (CGNAT)
                || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, TEST-NET-1
                || (b[0] == 198 && b[1] is 18 or 19); // benchmarking
        }
        var bytes = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
            || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8); // documentation
    }

    private static Error Refused() =>
        Error.Validation("url_refused", "url must reach a public address (loopback, link-local and private networks are refused).", "url");
}

/// <summary>A connection refused by <see cref="EndpointGuard"/> at dial time.</summary>
public sealed class EndpointRefusedException(string host) : Exception($"{host} resolves to an address webhooks may not reach.");
