using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kfk.Azure.WebPubSub;

/// <summary>
/// HS256 JSON Web Tokens as Web PubSub expects them: header exactly <c>{"alg":"HS256","typ":"JWT"}</c> (no kid),
/// signed with the UTF-8 bytes of the access key string.
/// </summary>
public static class HmacJwt
{
    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    public static string Create(IReadOnlyDictionary<string, object> claims, string accessKey)
    {
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, WebPubSubJson.Options));
        var signingInput = EncodedHeader + "." + payload;
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
