using Kfk.Core.Common;
using Kfk.Core.Disputes;
using Kfk.Core.Kuaifaka;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Tests.Kuaifaka;

public sealed class KfkFramesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1546684624);

    [Fact]
    public void LoginSuccess_IsTheSeedsFrame_ANumberForShopsAndTheSicSpellingOtherwise()
    {
        Assert.Equal("""{"msg":"login_success","from":"sys","data":{"content":105,"type":"text"}}""", KfkFrames.LoginSuccess(105));
        Assert.Equal("""{"msg":"login_success","from":"sys","data":{"content":"登陆成功","type":"text"}}""", KfkFrames.LoginSuccess(null));
    }

    [Fact]
    public void ErrorFrames_CarryTheirTimeAndChineseReason()
    {
        Assert.Equal("""{"msg":"token_invalid","from":"sys","time":1546684624,"data":{"content":"验证失败","type":"text"}}""", KfkFrames.TokenInvalid(Now));
        Assert.Equal("""{"msg":"no_login","from":"sys","time":1546684624,"data":{"content":"请先登录","type":"text"}}""", KfkFrames.NoLogin(Now));
        Assert.Equal("""{"msg":"error","from":"sys","time":1546684624,"data":{"content":"参数错误","type":"text"}}""", KfkFrames.Error("参数错误", Now));
    }

    [Fact]
    public void Message_StampsTheStoredSender_AndEscapesHtml()
    {
        var message = new RoomMessage(7, "kfk666", RoomSender.Merchant, "shop:105", "<img src=x onerror='a()'>&\"", "text", Now);

        Assert.Equal(
            """{"msg":"success","from":"account","time":1546684624,"data":{"content":"&lt;img src=x onerror=&#039;a()&#039;&gt;&amp;&quot;","type":"text"},"id":7,"seq":7}""",
            KfkFrames.Message(message));
    }

    [Theory]
    [InlineData("13560822174", "135****2174")]
    [InlineData("+8613560822174", "+86135****2174")]
    [InlineData("5551234", "555****1234")]
    [InlineData("12345", "****")]
    [InlineData(null, "")]
    public void MaskPhone_HidesTheMiddleFourDigits(string? phone, string expected) => Assert.Equal(expected, KfkFrames.MaskPhone(phone));

    [Fact]
    public void ReportContent_HasTheLabelsAndDerivedFields()
    {
        var opened = new DateTimeOffset(2019, 6, 28, 8, 56, 0, TimeSpan.Zero);
        var dispute = new Dispute(267, "kfk1906283139aaf3", 18, 19, null, "10.00", "坏了", "475281441", "13560822174", opened, opened.AddHours(36), Handled: false, Refunded: true);
        var shops = new DisputeShops(new Shop(18, "周文平-代理店铺", "https://a/m.jpeg", true, null, null, opened), new Shop(19, "p", "https://a/p.jpeg", true, null, null, opened), null);
        var zone = new PlatformTimeZone(TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "CST", "CST"));

        var content = KfkFrames.ReportContent(dispute, shops, maskPhone: true, operationAuthority: false, opened.AddHours(1), zone);

        Assert.Equal(
            """{"account_id":18,"roll_money":1,"report_id":267,"order_num":"kfk1906283139aaf3","amount":"10.00","customer_contact":"买家QQ：475281441","reason":"投诉原因：坏了","report_finish":0,"created_at":"2019-06-28 16:56:00","customer_phone":"买家手机：135****2174","state":"正在退款","proxy_head_img_url":"https://a/p.jpeg","top_proxy_head_img_url":"","show_name":"周文平-代理店铺","report_handle":"0","head_img_url":"https://a/m.jpeg","operation_authority":0}""",
            content.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
