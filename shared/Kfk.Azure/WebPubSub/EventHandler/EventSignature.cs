using System.Security.Cryptography;
using System.Text;

namespace Kfk.Azure.WebPubSub.EventHandler;

/// <summary>
/// <c>ce-signature</c>: <c>sha256=hex(HMAC_SHA256(UTF8(accessKey), UTF8(connectionId)))</c> per access key, comma-separated.
/// Valid when any entry matches any configured key (so either key works during rotation); hex case is ignored and
/// the comparison is constant-time.
/// </summary>
public static class EventSignature
{
    public static string Compute(string accessKey, string connectionId) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.UTF8.GetBytes(connectionId)));

    public static string Header(IEnumerable<string> accessKeys, string connectionId) =>
        string.Join(",", accessKeys.Select(key => Compute(key, connectionId)));

    public static bool IsValid(string? header, string connectionId, IReadOnlyList<string> accessKeys)
    {
        if (string.IsNullOrEmpty(header) || accessKeys.Count == 0)
        {
            return false;
        }
        var expected = accessKeys.Select(key => Encoding.ASCII.GetBytes(Compute(key, connectionId))).ToList();
        var valid = false;
        foreach (var entry in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var presented = Encoding.ASCII.GetBytes(entry.ToLowerInvariant());
            foreach (var candidate in expected)
            {
                valid |= CryptographicOperations.FixedTimeEquals(presented, candidate);
            }
        }
        return valid;
    }
}
