using Kfk.Azure.WebPubSub;

namespace Kfk.Azure.Tests.WebPubSub;

public sealed class ClientAccessTokensTests
{
    [Fact]
    public void Sign_WritesTheServiceClaims_WithHttpAudience()
    {
        var connection = WebPubSubConnectionString.Parse("Endpoint=http://localhost:18080;AccessKey=client-key;Version=1.0;");
        var now = new DateTimeOffset(2031, 5, 17, 3, 21, 9, TimeSpan.Zero);

        var token = ClientAccessTokens.Sign(connection, "Chat_Hub", "u1", ["webpubsub.sendToGroup.g1", "webpubsub.joinLeaveGroup"], ["g1"], now, now.AddHours(1));

        var (header, payload) = JwtReader.Read(token, "client-key");
        Assert.False(header.TryGetProperty("kid", out _));
        Assert.Equal("http://localhost:18080/client/hubs/Chat_Hub", payload.GetProperty("aud").GetString());
        Assert.Equal("u1", payload.GetProperty("sub").GetString());
        Assert.Equal(["webpubsub.sendToGroup.g1", "webpubsub.joinLeaveGroup"], payload.GetProperty("role").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(["g1"], payload.GetProperty("webpubsub.group").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(now.ToUnixTimeSeconds(), payload.GetProperty("iat").GetInt64());
        Assert.Equal(now.AddHours(1).ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());
    }

    [Theory]
    [InlineData("http://localhost:8080", "ws://localhost:8080/client/hubs/likeshop")]
    [InlineData("https://kfk.webpubsub.azure.com", "wss://kfk.webpubsub.azure.com/client/hubs/likeshop")]
    public void ClientBaseUrl_UsesTheWebSocketScheme(string endpoint, string expected) =>
        Assert.Equal(new Uri(expected), ClientAccessTokens.ClientBaseUrl(new Uri(endpoint), "likeshop"));
}
