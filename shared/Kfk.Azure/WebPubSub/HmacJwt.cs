using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kfk.Azure.WebPubSub;

/// <summary>
/// HS256 JSON Web Tokens as Web PubSub expects them: header exactly <c>{"alg":"HS256","typ":"JWT"}</c> (no kid),
/// signed with the UTF-8 bytes of the access key string.
/// </summary>
public static class HmacJwt
{
    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    /// <summary>Claim values may be strings, numbers (<see cref="long"/>, <see cref="int"/>) and string arrays.</summary>
    public static string Create(IReadOnlyDictionary<string, object> claims, string accessKey)
    {
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, JwtClaimsJsonContext.Default.IReadOnlyDictionaryStringObject));
        var signingInput = EncodedHeader + "." + payload;
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}

/// <summary>The claim set and the runtime types its <see cref="object"/> values may have, with Web PubSub's JSON options.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyDictionary<string, object>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class JwtClaimsJsonContext : JsonSerializerContext;
