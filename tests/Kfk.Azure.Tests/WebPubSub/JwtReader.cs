using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kfk.Azure.Tests.WebPubSub;

/// <summary>Decodes and verifies HS256 tokens independently of the code under test.</summary>
public static class JwtReader
{
    public static (JsonElement Header, JsonElement Payload) Read(string token, string key)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(Base64Url.DecodeFromChars(parts[2])));
        return (JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement.Clone(),
            JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone());
    }
}
