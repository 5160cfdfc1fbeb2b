using System.Text;
using Kfk.Core.Common;
using Kfk.Core.Kuaifaka;
using Kfk.Core.Likeshop;

namespace Kfk.Core.Tests.Common;

public sealed class SafeJsonTests
{
    [Theory]
    [InlineData("""{"type":"\udfff"}""")]
    [InlineData("""{"event":"\ud800"}""")]
    [InlineData("""{"event":"chat","data":{"to_type":"\udc00x"}}""")]
    [InlineData("""{"event":"chat","data":{"kefu_id":"\ud83d"}}""")]
    [InlineData("""{"type":"say","type":"login"}""")]
    [InlineData("""{"event":"chat","data":{"msg":"a","msg":"b"}}""")]
    [InlineData("""{"event":"ping"} {"event":"ping"}""")]
    [InlineData("""[{"event":"ping"}]""")]
    [InlineData("""{"\udfff":1,"event":"ping"}""")]
    public void HostileFrames_AreRefused_NotThrown(string frame) => Assert.Null(SafeJson.ParseObject(Encoding.UTF8.GetBytes(frame)));

    [Fact]
    public void InvalidUtf8InsideAString_IsRefused()
    {
        byte[] frame = [.. """{"event":"chat","data":{"msg":"""u8, (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', .. "}}"u8];

        Assert.Null(SafeJson.ParseObject(frame));
        Assert.Null(LikeshopFrame.Parse(frame));
    }

    [Fact]
    public void DeepNesting_IsRefused()
    {
        var frame = "{\"event\":\"chat\",\"data\":" + new string('[', 100) + new string(']', 100) + "}";

        Assert.Null(SafeJson.ParseObject(Encoding.UTF8.GetBytes(frame)));
    }

    [Fact]
    public void AValidFrame_ReadsBack_WithEmojiAndEscapes()
    {
        var likeshop = LikeshopFrame.Parse("""{"event":"chat","data":{"msg":"\ud83d\ude00 好","to_id":"7"}}"""u8);
        var kfk = KfkFrame.Parse("""{"type":"say","data":{"content":"你好"}}"""u8);

        Assert.Equal("😀 好", likeshop!.Text("msg"));
        Assert.Equal(7, likeshop.Id("to_id"));
        Assert.Equal("你好", kfk!.DataText("content"));
    }
}
