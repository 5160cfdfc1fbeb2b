using Kfk.Core.Common;

namespace Kfk.Core.Realtime;

/// <summary>
/// What every hub allows a client connection: frames of at most <see cref="MaxFrameBytes"/>, and at most
/// <c>framesPerSecond</c> of them in each calendar second (counted in this instance's memory). A frame refused for its
/// size does not count.
/// </summary>
public sealed class FramePolicy(int framesPerSecond, TimeProvider time)
{
    public const int MaxFrameBytes = 64 * 1024;

    private readonly FixedWindowLimiter _frames = new(framesPerSecond, TimeSpan.FromSeconds(1), time);

    /// <summary>Null when the frame may be handled (it is counted); else why not.</summary>
    public Error? Admit(string connectionId, ReadOnlyMemory<byte> frame) =>
        frame.Length > MaxFrameBytes ? Error.Validation(FrameErrors.TooLarge, $"A frame has at most {MaxFrameBytes} bytes.")
        : !_frames.TryAcquire(connectionId) ? Error.TooManyRequests(FrameErrors.TooFast, $"At most {framesPerSecond} frames a second.")
        : null;

    /// <summary>The connection has ended: its count goes.</summary>
    public void Forget(string connectionId) => _frames.Forget(connectionId);
}
