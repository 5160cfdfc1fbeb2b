using Kfk.Azure.WebPubSub.EventHandler;

namespace Kfk.Azure.Tests.WebPubSub;

public sealed class EventSignatureTests
{
    // Computed independently: hex(HMAC_SHA256("key1", "conn1")) and hex(HMAC_SHA256("key2", "conn1")).
    private const string Key1Conn1 = "sha256=66fc2992802909cc03fdc219e39a21e4d3ba9a72ba10a40982975d55c5548c53";
    private const string Key2Conn1 = "sha256=6da954dcc5003586f68abcbd10975be2f524bc7b12f3343a6a7daf0a5955836f";

    [Fact]
    public void Compute_MatchesTheKnownVector() => Assert.Equal(Key1Conn1, EventSignature.Compute("key1", "conn1"));

    [Fact]
    public void Header_ListsOneSignaturePerKey_PrimaryFirst() =>
        Assert.Equal($"{Key1Conn1},{Key2Conn1}", EventSignature.Header(["key1", "key2"], "conn1"));

    [Theory]
    [InlineData(Key1Conn1)]
    [InlineData(Key2Conn1)]
    [InlineData($"{Key2Conn1}, {Key1Conn1}")]
    [InlineData("sha256=66FC2992802909CC03FDC219E39A21E4D3BA9A72BA10A40982975D55C5548C53")]
    public void IsValid_WithAnyMatchingKeyOrHexCase_IsTrue(string header) =>
        Assert.True(EventSignature.IsValid(header, "conn1", ["key1"]) || EventSignature.IsValid(header, "conn1", ["key2"]));

    [Fact]
    public void IsValid_AfterRotation_AcceptsTheSecondaryKeyOnly_WhenConfigured()
    {
        Assert.True(EventSignature.IsValid(Key2Conn1, "conn1", ["key1", "key2"]));
        Assert.False(EventSignature.IsValid(Key2Conn1, "conn1", ["key1"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("66fc2992802909cc03fdc219e39a21e4d3ba9a72ba10a40982975d55c5548c53")]
    [InlineData("sha256=66fc2992802909cc03fdc219e39a21e4d3ba9a72ba10a40982975d55c5548c54")]
    public void IsValid_WithMissingOrWrongSignature_IsFalse(string? header) =>
        Assert.False(EventSignature.IsValid(header, "conn1", ["key1", "key2"]));

    [Fact]
    public void IsValid_ForAnotherConnection_IsFalse() =>
        Assert.False(EventSignature.IsValid(Key1Conn1, "conn2", ["key1"]));
}
