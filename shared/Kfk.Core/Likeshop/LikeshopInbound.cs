using Kfk.Core.Support;

namespace Kfk.Core.Likeshop;

/// <summary>
/// The client frames of the likeshop hub, typed. Values as sent (ids as strings or numbers, see
/// <see cref="LikeshopFrame.Id"/>), unchecked: the use cases check them.
/// </summary>
public abstract record LikeshopInbound
{
    public sealed record Ping : LikeshopInbound;

    public sealed record Chat(SendMessageRequest Message) : LikeshopInbound;

    public sealed record Sync(long? AfterSeq, long? UserId) : LikeshopInbound;

    public sealed record Read(long? UserId, long? ShopId, long? KefuId) : LikeshopInbound;

    public sealed record Transfer(long? UserId, long? KefuId) : LikeshopInbound;

    public sealed record UserOnline(long? KefuId) : LikeshopInbound;

    public sealed record Typing(long? ToId, string? ToType) : LikeshopInbound;

    public sealed record Other(string Event) : LikeshopInbound;

    /// <summary>Null when the bytes are not a likeshop frame.</summary>
    public static LikeshopInbound? Parse(ReadOnlySpan<byte> utf8) => LikeshopFrame.Parse(utf8) is not { } frame ? null : frame.Event switch
    {
        "ping" => new Ping(),
        "chat" => new Chat(new SendMessageRequest(frame.Id("msg_type"), frame.Text("msg"), frame.Id("to_id"), frame.Text("to_type"), frame.Text("client_msg_id"))),
        "sync" => new Sync(frame.Id("after_seq"), frame.Id("user_id")),
        "read" => new Read(frame.Id("user_id"), frame.Id("shop_id"), frame.Id("kefu_id")),
        "transfer" => new Transfer(frame.Id("user_id"), frame.Id("kefu_id")),
        "user_online" => new UserOnline(frame.Id("kefu_id")),
        "typing" => new Typing(frame.Id("to_id"), frame.Text("to_type")),
        var other => new Other(other),
    };
}
