namespace Kfk.Core.Kuaifaka;

/// <summary>The client frames of the kfk hub, typed. Values as sent (see <see cref="KfkFrame"/>), unchecked: the use cases check them.</summary>
public abstract record KfkInbound
{
    /// <summary><c>authtype</c> is the client platform, kept when 1-16 characters, else "".</summary>
    public sealed record Login(string? Room, string? Token, string? Role, string AuthType) : KfkInbound;

    /// <summary><c>client_msg_id</c> is Kfk's extension, as on the likeshop hub: a resend with it never stores twice.</summary>
    public sealed record Say(string? Type, string? Content, string? ClientMsgId) : KfkInbound;

    public sealed record ReportDetail(string? OrderNum) : KfkInbound;

    /// <summary><c>page</c>: null when absent, -1 when not a positive integer.</summary>
    public sealed record MessageList(string? OrderNum, long? Page) : KfkInbound;

    /// <summary>Any other type: the legacy clients' heartbeat.</summary>
    public sealed record Heartbeat(string Type) : KfkInbound;

    /// <summary>Null when the bytes are not a kfk frame.</summary>
    public static KfkInbound? Parse(ReadOnlySpan<byte> utf8) => KfkFrame.Parse(utf8) is not { } frame ? null : frame.Type switch
    {
        "login" => new Login(frame.DataText("room"), frame.Text("token"), frame.DataText("type"),
            frame.DataText("authtype") is { Length: > 0 and <= 16 } authType ? authType : ""),
        "say" => new Say(frame.DataText("type"), frame.DataText("content"), frame.DataText("client_msg_id")),
        "report_detail" => new ReportDetail(frame.Text("order_num")),
        "msg_list" => new MessageList(frame.Text("order_num"), frame.Number("page")),
        var other => new Heartbeat(other),
    };

    public bool NeedsLogin => this is Say or ReportDetail or MessageList;
}
