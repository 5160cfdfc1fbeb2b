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

    public static readonly Error MalformedFrame = Error.Validation(Malformed, "The frame is not JSON of the hub's frame shape.");
    public static readonly Error NotLoggedIn = Error.Unauthorized(NoLogin, "The connection has not logged in.");
    public static readonly Error UnsupportedEvent = Error.Validation(Unsupported, "The hub has no such event for this connection.");
}
