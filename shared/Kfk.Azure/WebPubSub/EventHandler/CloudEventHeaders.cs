namespace Kfk.Azure.WebPubSub.EventHandler;

/// <summary>The CloudEvents (binary mode) attributes Web PubSub sends as headers, and the abuse-protection headers.</summary>
public static class CloudEventHeaders
{
    public const string SpecVersion = "ce-specversion";
    public const string Type = "ce-type";
    public const string Source = "ce-source";
    public const string Id = "ce-id";
    public const string Time = "ce-time";
    public const string AwpsVersion = "ce-awpsversion";
    public const string Hub = "ce-hub";
    public const string EventName = "ce-eventName";
    public const string ConnectionId = "ce-connectionId";
    public const string UserId = "ce-userId";
    public const string Subprotocol = "ce-subprotocol";
    public const string ConnectionState = "ce-connectionState";
    public const string Signature = "ce-signature";
    public const string RequestOrigin = "WebHook-Request-Origin";
    public const string AllowedOrigin = "WebHook-Allowed-Origin";

    public const string ConnectType = "azure.webpubsub.sys.connect";
    public const string ConnectedType = "azure.webpubsub.sys.connected";
    public const string DisconnectedType = "azure.webpubsub.sys.disconnected";
    public const string UserTypePrefix = "azure.webpubsub.user.";
}
