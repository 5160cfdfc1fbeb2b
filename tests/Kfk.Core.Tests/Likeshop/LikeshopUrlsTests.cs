using System.Text.Json;
using Kfk.Core.Common;
using Kfk.Core.Likeshop;
using Kfk.Core.Support;

namespace Kfk.Core.Tests.Likeshop;

/// <summary>Both real clients show <c>base_domain + value</c> for record images, avatars and goods images.</summary>
public sealed class LikeshopUrlsTests
{
    private const string BaseDomain = "https://shop.example.com/";
    private static readonly LikeshopUrls Urls = new(BaseDomain);

    private static readonly SupportMessage Image = new(3, 6, 4, Party.Kefu, 2, Party.User, 4, BaseDomain + "media/abc", SupportMessageType.Image, null,
        "客服", BaseDomain + "media/avatar", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), null);

    [Fact]
    public void WithABaseDomain_PrefixedFields_AreRelative_SoBaseDomainPlusValueIsTheAddress()
    {
        var data = JsonDocument.Parse(LikeshopFrames.Chat(Image, PlatformTimeZone.ChinaStandardTime, false, Urls)).RootElement.GetProperty("data");

        Assert.Equal("media/abc", data.GetProperty("msg").GetString());
        Assert.Equal("media/avatar", data.GetProperty("from_avatar").GetString());
        Assert.Equal(Image.Msg, BaseDomain + data.GetProperty("msg").GetString());
    }

    [Fact]
    public void WithoutABaseDomain_EveryAddressIsAbsolute()
    {
        var data = JsonDocument.Parse(LikeshopFrames.Chat(Image, PlatformTimeZone.ChinaStandardTime, false)).RootElement.GetProperty("data");

        Assert.Equal(Image.Msg, data.GetProperty("msg").GetString());
        Assert.Equal(Image.FromAvatar, data.GetProperty("from_avatar").GetString());
    }

    [Theory]
    [InlineData("uploads/a.png", "https://shop.example.com/uploads/a.png")]
    [InlineData("/uploads/a.png", "https://shop.example.com/uploads/a.png")]
    [InlineData("https://cdn.example/a.png", "https://cdn.example/a.png")]
    [InlineData(null, "")]
    public void RawUseFields_AreAbsolute(string? stored, string expected) => Assert.Equal(expected, Urls.Raw(stored));

    [Fact]
    public void AnAddressOutsideTheBaseDomain_StaysAsItIs() => Assert.Equal("https://cdn.example/a.png", Urls.Prefixed("https://cdn.example/a.png"));

    [Fact]
    public void GoodsMessages_CarryTheSnapshotAsJsonText_ThatParsesBackToTheRawValues_AndIsInertInHtml()
    {
        var goods = new GoodsSnapshot(501, BaseDomain + "uploads/g.png", "19.90", "月卡 <img src=x onerror=alert(1)> & \"VIP\"");
        var message = Image with { MsgType = SupportMessageType.Goods, Goods = goods, Msg = LikeshopFrames.GoodsText(goods) };

        var data = JsonDocument.Parse(LikeshopFrames.Chat(message, PlatformTimeZone.ChinaStandardTime, false, Urls)).RootElement.GetProperty("data");
        var text = data.GetProperty("msg").GetString()!;
        var card = JsonDocument.Parse(text).RootElement;

        Assert.DoesNotContain('<', text);
        Assert.Equal(goods.Name, card.GetProperty("name").GetString());
        Assert.Equal("uploads/g.png", card.GetProperty("image").GetString());
        foreach (var field in new[] { "id", "image", "min_price", "name" })
        {
            Assert.Equal(card.GetProperty(field).ToString(), data.GetProperty("goods").GetProperty(field).ToString());
        }
        Assert.Equal(1, data.GetProperty("type").GetInt32());
    }

    [Fact]
    public void NoticeRecords_AreType2_AndPlainText()
    {
        var notice = Image with { MsgType = SupportMessageType.Text, Msg = "客服(A&B)为您服务", RecordType = SupportRecordType.Notice };

        var data = JsonDocument.Parse(LikeshopFrames.Chat(notice, PlatformTimeZone.ChinaStandardTime, false)).RootElement.GetProperty("data");

        Assert.Equal(2, data.GetProperty("type").GetInt32());
        Assert.Equal("客服(A&B)为您服务", data.GetProperty("msg").GetString());
    }
}
