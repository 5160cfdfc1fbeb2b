using System.Text;
using Kfk.Functions.Realtime;

namespace Kfk.Functions.Tests.Realtime;

/// <summary>
/// The frame's name for logs and spans: its event when that is a plain word, <c>other</c> when it is not, the user event's
/// name when the event cannot be read (a lone surrogate, invalid UTF-8) — and never an exception on hostile bytes.
/// </summary>
public sealed class FrameLabelTests
{
    [Theory]
    [InlineData("""{"event":"chat","data":{}}""", "chat")]
    [InlineData("""{"event":"typing\udbff","data":{}}""", "message")]
    [InlineData("""{"eve\uDE00nt":"ping","data":{}}""", "message")]
    [InlineData("""{"event":"\ud83dxchat"}""", "message")]
    [InlineData("""{"event":"CHAT"}""", "other")]
    public void AJsonFrame_IsNamedByItsEvent_OrOther(string frame, string label) =>
        Assert.Equal(label, FrameLabel.Of("likeshop", "message", Encoding.UTF8.GetBytes(frame)));

    [Fact]
    public void InvalidUtf8InTheEventName_FallsBackToTheUserEventName()
    {
        byte[] frame = [.. "{\"event\":\"tr"u8, 0xED, 0xBF, 0xBF, .. "ansfer\"}"u8];

        Assert.Equal("message", FrameLabel.Of("likeshop", "message", frame));
    }
}
