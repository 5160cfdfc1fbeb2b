namespace Kfk.Azure.WebPubSub;

/// <summary>
/// <c>Endpoint=https://x.webpubsub.azure.com;AccessKey=…;Version=1.0;[Port=…]</c>: keys case-insensitive, split at the
/// first '=', empty segments ignored, duplicates rejected, <c>Port</c> replaces the endpoint's port.
/// The access key is an opaque string and is never decoded.
/// </summary>
public sealed record WebPubSubConnectionString(Uri Endpoint, string AccessKey)
{
    public static WebPubSubConnectionString Parse(string connectionString)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = segment.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new FormatException($"Connection string segment '{Redact(segment)}' is not key=value.");
            }
            var key = segment[..separator].Trim();
            if (!values.TryAdd(key, segment[(separator + 1)..].Trim()))
            {
                throw new FormatException($"Connection string has '{key}' twice.");
            }
        }
        if (!values.TryGetValue("Endpoint", out var endpointText) || endpointText.Length == 0)
        {
            throw new FormatException("Connection string has no Endpoint.");
        }
        if (!values.TryGetValue("AccessKey", out var accessKey) || accessKey.Length == 0)
        {
            throw new FormatException("Connection string has no AccessKey.");
        }
        if (!endpointText.Contains("://", StringComparison.Ordinal))
        {
            endpointText = "https://" + endpointText;
        }
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new FormatException("Connection string Endpoint is not an http(s) URL.");
        }
        if (values.TryGetValue("Port", out var portText))
        {
            if (!int.TryParse(portText, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new FormatException("Connection string Port must be 1-65535.");
            }
            endpoint = new UriBuilder(endpoint) { Port = port }.Uri;
        }
        return new WebPubSubConnectionString(new Uri(endpoint.GetLeftPart(UriPartial.Authority)), accessKey);
    }

    private static string Redact(string segment) =>
        segment.StartsWith("AccessKey", StringComparison.OrdinalIgnoreCase) ? "AccessKey…" : segment;

    public override string ToString() => $"Endpoint={Endpoint};AccessKey=***";
}
