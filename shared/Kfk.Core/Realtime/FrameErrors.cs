using Kfk.Core.Common;

namespace Kfk.Core.Realtime;

/// <summary>The codes of frames refused before any use case sees them, the same on every hub.</summary>
public static class FrameErrors
{
    public const string TooLarge = "frame_too_large";
    public const string TooFast = "too_many_frames";
    public const string Malformed = "frame_malformed";
    public const string NoLogin = "not_logged_in";
    public const string Unsupported = "event_unsupported";
    public const string Busy = "server_busy";

    public static readonly Error MalformedFrame = Error.Validation(Malformed, "The frame is not JSON of the hub's frame shape.");
    public static readonly Error NotLoggedIn = Error.Unauthorized(NoLogin, "The connection has not logged in.");
    /// <summary>
    /// The frame was not handled, or not to the end: too much in flight on this instance, or storage or delivery failed.
    /// Nothing is half-done that a resend with the same <c>client_msg_id</c> would not finish.
    /// </summary>
    public static readonly Error ServerBusy = Error.Unavailable(Busy, "The service is busy; send the frame again shortly.");
    public static readonly Error UnsupportedEvent = Error.Validation(Unsupported, "The hub has no such event for this connection.");
}
