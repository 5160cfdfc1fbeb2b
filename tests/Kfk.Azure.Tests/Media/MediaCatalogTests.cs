using Kfk.Azure.Media;

namespace Kfk.Azure.Tests.Media;

public sealed class MediaCatalogTests
{
    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly Uri Base = new("https://kfk.example/");

    [Theory]
    [InlineData("https://kfk.example/media/" + Id, Id)]
    [InlineData("https://kfk.example/media/" + Id + "/thumb", Id)]
    [InlineData("https://evil.example/media/" + Id, null)]
    [InlineData("http://kfk.example/media/" + Id, null)]
    [InlineData("https://kfk.example:444/media/" + Id, null)]
    [InlineData("https://kfk.example/media/" + Id + "?x=1", null)]
    [InlineData("https://kfk.example/media/" + Id + "#x", null)]
    [InlineData("https://kfk.example/x/../media/" + Id, null)]
    [InlineData("https://kfk.example/media/" + Id + "/avatar/64", null)]
    [InlineData("https://kfk.example/media/0123", null)]
    [InlineData("https://user@kfk.example/media/" + Id, null)]
    [InlineData("not a url", null)]
    public void TryParseId_AcceptsOnlyThisDeploymentsCanonicalMediaUrls(string url, string? expected) =>
        Assert.Equal(expected, MediaCatalog.TryParseId(url, Base));

    [Fact]
    public void TryParseId_HonoursABasePath()
    {
        var withPath = new Uri("https://shop.example/kfk/");

        Assert.Equal(Id, MediaCatalog.TryParseId("https://shop.example/kfk/media/" + Id, withPath));
        Assert.Null(MediaCatalog.TryParseId("https://shop.example/media/" + Id, withPath));
    }
}
