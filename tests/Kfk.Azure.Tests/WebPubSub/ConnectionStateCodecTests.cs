using Kfk.Azure.WebPubSub.EventHandler;

namespace Kfk.Azure.Tests.WebPubSub;

public sealed class ConnectionStateCodecTests
{
    private readonly ConnectionStateCodec _codec = new("state-key-0123456789abcdef0123456789");

    [Fact]
    public void Encode_ThenDecode_RoundTripsEveryValue_InAHeaderSafeForm()
    {
        var state = new Dictionary<string, string> { ["role"] = "kefu", ["id"] = "7", ["nick"] = "客服 小王&=;,\"" };

        var encoded = _codec.Encode("conn-1", state);

        Assert.All(encoded, c => Assert.InRange(c, '!', '~'));
        Assert.Equal(state, _codec.Decode("conn-1", encoded));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Decode_WithoutState_IsEmpty(string? encoded) => Assert.Empty(_codec.Decode("conn-1", encoded)!);

    [Fact]
    public void Decode_ForAnotherConnection_IsRejected()
    {
        var encoded = _codec.Encode("conn-1", new Dictionary<string, string> { ["role"] = "admin" });

        Assert.Null(_codec.Decode("conn-2", encoded));
    }

    [Fact]
    public void Decode_Tampered_OrForeign_IsRejected()
    {
        var encoded = _codec.Encode("conn-1", new Dictionary<string, string> { ["role"] = "user" });
        var parts = encoded.Split('.');
        var forged = new ConnectionStateCodec("another-key-0123456789abcdef012345").Encode("conn-1", new Dictionary<string, string> { ["role"] = "admin" });

        Assert.Null(_codec.Decode("conn-1", $"{parts[0]}.{forged.Split('.')[1]}.{parts[2]}"));
        Assert.Null(_codec.Decode("conn-1", forged));
        Assert.Null(_codec.Decode("conn-1", "eyJyb2xlIjoiYWRtaW4ifQ=="));
    }

    [Fact]
    public void Encode_BeyondTheCap_Throws() =>
        Assert.Throws<InvalidOperationException>(() => _codec.Encode("conn-1", new Dictionary<string, string> { ["big"] = new string('x', 2000) }));
}
