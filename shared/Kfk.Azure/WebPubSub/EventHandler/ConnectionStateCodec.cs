using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Kfk.Azure.WebPubSub.EventHandler;

/// <summary>
/// Kfk's connection state: a small string → string map the service echoes on every later event of the connection.
/// Encoded as <c>v1.{base64url(form-encoded pairs)}.{base64url(HMAC-SHA256(key, connectionId + payload)[..16])}</c>:
/// header-safe, compact, bound to its connection and tamper-evident. Capped at <see cref="MaxEncodedLength"/>.
/// </summary>
public sealed class ConnectionStateCodec(string signingKey)
{
    public const int MaxEncodedLength = 2048;
    private const string Version = "v1";
    private readonly byte[] _key = Encoding.UTF8.GetBytes(signingKey);

    public string Encode(string connectionId, IReadOnlyDictionary<string, string> state)
    {
        var form = string.Join("&", state.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(form));
        var encoded = $"{Version}.{payload}.{Mac(connectionId, payload)}";
        if (encoded.Length > MaxEncodedLength)
        {
            throw new InvalidOperationException($"Connection state is {encoded.Length} characters; the cap is {MaxEncodedLength}.");
        }
        return encoded;
    }

    /// <summary>The state, an empty map when there is none, or null when it is malformed, forged or from another connection.</summary>
    public IReadOnlyDictionary<string, string>? Decode(string connectionId, string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return new Dictionary<string, string>();
        }
        if (encoded.Length > MaxEncodedLength)
        {
            return null;
        }
        var parts = encoded.Split('.');
        if (parts.Length != 3 || parts[0] != Version
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[2]), Encoding.ASCII.GetBytes(Mac(connectionId, parts[1]))))
        {
            return null;
        }
        string form;
        try
        {
            form = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        }
        catch (FormatException)
        {
            return null;
        }
        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator < 0)
            {
                return null;
            }
            state[Uri.UnescapeDataString(pair[..separator])] = Uri.UnescapeDataString(pair[(separator + 1)..]);
        }
        return state;
    }

    private string Mac(string connectionId, string payload) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(connectionId + "\n" + payload)).AsSpan(0, 16));
}
