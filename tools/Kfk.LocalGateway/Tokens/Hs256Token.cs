using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kfk.LocalGateway.Tokens;

/// <summary>Validates and issues the HS256 JWTs Web PubSub uses for REST calls and client connections.</summary>
public static class Hs256Token
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The payload when the signature matches one of the keys and exp/nbf hold; otherwise null with a reason.</summary>
    public static JsonElement? Validate(string token, IReadOnlyList<string> keys, DateTimeOffset now, out string? failure)
    {
        failure = null;
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            failure = "The token is not a JWT.";
            return null;
        }
        JsonElement header, payload;
        byte[] signature;
        try
        {
            header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement.Clone();
            payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone();
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            failure = "The token is malformed.";
            return null;
        }
        if (!header.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256")
        {
            failure = "Only HS256 tokens are accepted.";
            return null;
        }
        var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!keys.Any(key => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), signingInput), signature)))
        {
            failure = "The token signature is invalid.";
            return null;
        }
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("exp", out var exp) || exp.ValueKind != JsonValueKind.Number)
        {
            failure = "The token has no exp.";
            return null;
        }
        if (DateTimeOffset.FromUnixTimeSeconds(exp.GetInt64()) + ClockSkew < now)
        {
            failure = "The token has expired.";
            return null;
        }
        if (payload.TryGetProperty("nbf", out var nbf) && nbf.ValueKind == JsonValueKind.Number
            && DateTimeOffset.FromUnixTimeSeconds(nbf.GetInt64()) - ClockSkew > now)
        {
            failure = "The token is not valid yet.";
            return null;
        }
        return payload;
    }

    public static string Issue(Dictionary<string, object> claims, string key)
    {
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(header + "." + payload));
        return header + "." + payload + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>A claim as a list: tokens may hold one string or an array.</summary>
    public static List<string> Strings(JsonElement payload, string claim)
    {
        if (!payload.TryGetProperty(claim, out var value))
        {
            return [];
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)],
            _ => [],
        };
    }

    /// <summary>Every claim as string → string[] (the connect event's <c>claims</c> map).</summary>
    public static Dictionary<string, string[]> AllClaims(JsonElement payload)
    {
        var claims = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var property in payload.EnumerateObject())
        {
            claims[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Array => [.. property.Value.EnumerateArray().Select(ValueText)],
                _ => [ValueText(property.Value)],
            };
        }
        return claims;
    }

    private static string ValueText(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
