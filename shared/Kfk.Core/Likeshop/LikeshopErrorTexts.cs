using Kfk.Core.Common;
using Kfk.Core.Realtime;
using Kfk.Core.Support;

namespace Kfk.Core.Likeshop;

/// <summary>The Chinese reason an <c>error</c> frame carries for each refusal code (the legacy texts, byte for byte).</summary>
public static class LikeshopErrorTexts
{
    public static string Of(Error error) => error.Code switch
    {
        FrameErrors.NoLogin => "请先登录",
        FrameErrors.TooLarge => "消息过大",
        FrameErrors.TooFast => "发送过于频繁，请稍后再试",
        FrameErrors.Malformed => "消息格式错误",
        FrameErrors.Unsupported => "不支持的事件",
        FrameErrors.Busy => "服务繁忙，请稍后再试",
        MessageErrors.TypeInvalid => "消息类型错误",
        MessageErrors.Empty => "消息内容不能为空",
        MessageErrors.TooLong => $"消息内容不能超过{SendSupportMessage.MaxTextLength}个字符",
        MessageErrors.ImageInvalid => "图片地址错误",
        SupportErrors.ClientMsgIdInvalid => "client_msg_id 格式错误",
        SupportErrors.RecipientInvalid => "接收人错误",
        SupportErrors.ShopOffline => SupportErrors.OwnOfflineMessage(error) ?? "该店铺未开启在线客服",
        SupportErrors.AgentNotFound => "该客服不存在",
        SupportErrors.NotACustomer => "该用户不是本店客户",
        SupportErrors.GoodsNotFound => "商品不存在",
        SupportErrors.NotServing => "该用户由其他客服接待",
        SupportErrors.TransferRefused or SupportErrors.TransferTargetInvalid => "转接失败",
        SupportErrors.UserOffline => "该用户不在线",
        SupportErrors.AgentOffline => "该客服不在线",
        _ => "参数错误",
    };
}
