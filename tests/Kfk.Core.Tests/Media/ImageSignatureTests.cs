using System.Text;
using Kfk.Core.Media;

namespace Kfk.Core.Tests.Media;

public sealed class ImageSignatureTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, ImageFormat.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, ImageFormat.Png)]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' }, ImageFormat.Gif)]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 4, 0, 0, 0, (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, ImageFormat.Webp)]
    public void Detect_ReadsTheMagicBytes(byte[] data, ImageFormat expected) => Assert.Equal(expected, ImageSignature.Detect(data));

    [Theory]
    [InlineData("plain text")]
    [InlineData("<svg xmlns='http://www.w3.org/2000/svg'/>")]
    [InlineData("GIF88a")]
    [InlineData("RIFF\u0004\0\0\0WAVE")]
    [InlineData("")]
    public void Detect_RefusesEverythingElse(string text) => Assert.Null(ImageSignature.Detect(Encoding.Latin1.GetBytes(text)));

    [Fact]
    public void EndsCleanly_RefusesTrailingContent()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0xFF, 0xD9];
        byte[] riff = [.. "RIFF"u8, 8, 0, 0, 0, .. "WEBPVP8 "u8];

        Assert.True(ImageSignature.EndsCleanly(ImageFormat.Jpeg, jpeg));
        Assert.False(ImageSignature.EndsCleanly(ImageFormat.Jpeg, [.. jpeg, .. "<html>"u8]));
        Assert.True(ImageSignature.EndsCleanly(ImageFormat.Webp, riff));
        Assert.False(ImageSignature.EndsCleanly(ImageFormat.Webp, [.. riff, 0]));
    }

    [Fact]
    public void GifSanitizer_DropsCommentsAndApplicationBlocks_KeepsTheLoop_AndRefusesTrailingData()
    {
        byte[] header = [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255];
        byte[] loop = [0x21, 0xFF, 11, .. "NETSCAPE2.0"u8, 3, 1, 0, 0, 0];
        byte[] comment = [0x21, 0xFE, 5, .. "hello"u8, 0];
        byte[] xmp = [0x21, 0xFF, 11, .. "XMP DataXMP"u8, 3, .. "GPS"u8, 0];
        byte[] image = [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B];

        var clean = GifSanitizer.Strip([.. header, .. loop, .. comment, .. xmp, .. image]);

        Assert.NotNull(clean);
        Assert.Equal([.. header, .. loop, .. image], clean);
        Assert.Null(GifSanitizer.Strip([.. header, .. image, .. "<?php"u8]));
        Assert.Null(GifSanitizer.Strip([.. header, .. image[..^3]]));
    }
}
