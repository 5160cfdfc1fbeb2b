using Kfk.Core.Likeshop;

namespace Kfk.Core.Tests.Likeshop;

public sealed class LikeshopTextTests
{
    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("+8613812341234", "+86****1234")]
    [InlineData("1234567", "123****4567")]
    [InlineData("123456", "****")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void MaskMobile_KeepsOnlyTheFirstThreeAndLastFour(string? mobile, string expected) =>
        Assert.Equal(expected, LikeshopText.MaskMobile(mobile));

    [Theory]
    [InlineData(1, "微信小程序")]
    [InlineData(2, "微信公众号")]
    [InlineData(3, "苹果APP")]
    [InlineData(4, "安卓APP")]
    [InlineData(5, "PC商城")]
    [InlineData(6, "H5")]
    [InlineData(9, "未知")]
    [InlineData(null, "未知")]
    public void ClientDescription_NamesTheLegacyClientCodes(int? client, string expected) =>
        Assert.Equal(expected, LikeshopText.ClientDescription(client));
}
