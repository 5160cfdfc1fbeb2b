using Kfk.Core.Common;
using Kfk.Core.Disputes;
using Kfk.Core.Realtime;

namespace Kfk.Core.Kuaifaka;

/// <summary>The kfk frame for each refusal code: <c>no_login</c>, <c>token_invalid</c>, or <c>error</c> with the legacy Chinese reason.</summary>
public static class KfkRefusals
{
    public static string Frame(Error error, DateTimeOffset now) => error.Code switch
    {
        FrameErrors.NoLogin => KfkFrames.NoLogin(now),
        RoomErrors.EntryRefused => KfkFrames.TokenInvalid(now),
        _ => KfkFrames.Error(Text(error), now),
    };

    public static string Text(Error error) => error.Code switch
    {
        FrameErrors.TooLarge => "消息过大",
        FrameErrors.TooFast => "您的发送频率太快了",
        FrameErrors.Busy => "服务繁忙，请稍后再试",
        MessageErrors.TypeInvalid => "消息类型错误",
        MessageErrors.Empty => "消息内容不能为空",
        MessageErrors.TooLong => $"消息内容不能超过{SayInRoom.MaxTextLength}个字符",
        MessageErrors.ImageInvalid => "图片地址错误",
        RoomErrors.ClientMsgIdInvalid => "client_msg_id 格式错误",
        RoomErrors.ReadForbidden => "无权查看该投诉",
        RoomErrors.DisputeNotFound => "投诉不存在",
        _ => "参数错误", // a malformed frame, a bad room number, a missing order_num, a bad page
    };
}
