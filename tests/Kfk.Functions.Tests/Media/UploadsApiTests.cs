using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Kfk.Testing;
using SkiaSharp;

namespace Kfk.Functions.Tests.Media;

/// <summary>Uploads against Azurite: validation by content, stripping, dedupe, thumbnails, avatars and the media URLs.</summary>
public sealed class UploadsApiTests : IAsyncLifetime
{
    private readonly string _container = "media-" + Guid.NewGuid().ToString("N")[..12];
    private KfkApp _app = null!;
    private HttpClient _platform = null!;
    private HttpClient _user = null!;
    private readonly long _userId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private readonly long _shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);

    public async Task InitializeAsync()
    {
        _app = await KfkApp.WithAzuriteAsync(new Dictionary<string, string?>
        {
            ["Kfk:Media:Container"] = _container,
            ["Kfk:Media:MaxBytes"] = $"{256 * 1024}",
            ["Kfk:Media:UploadsPerMinute"] = "12",
        });
        _platform = _app.CreateClient();
        _platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        (await _platform.PutAsJsonAsync($"/api/v1/users/{_userId}", new { nickname = "Jason" })).EnsureSuccessStatusCode();
        (await _platform.PutAsJsonAsync($"/api/v1/shops/{_shopId}", new { name = "店" })).EnsureSuccessStatusCode();
        using var token = await _platform.PostAsJsonAsync("/api/v1/tokens", new { kind = "user", user_id = _userId });
        _user = _app.CreateClient();
        _user.DefaultRequestHeaders.Authorization = new("Bearer", JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString());
    }

    public async Task DisposeAsync()
    {
        _platform.Dispose();
        _user.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("jpeg", "image/jpeg")]
    [InlineData("png", "image/png")]
    [InlineData("webp", "image/webp")]
    [InlineData("gif", "image/gif")]
    public async Task Upload_OfEachType_Is201WithItsFacts(string kind, string contentType)
    {
        var bytes = kind switch { "jpeg" => TestImages.Jpeg(), "png" => TestImages.Png(), "webp" => TestImages.Webp(), _ => TestImages.GifWithMetadata() };

        var (status, body) = await UploadAsync(_user, bytes, "upload.bin", "application/octet-stream");

        Assert.Equal(HttpStatusCode.Created, status);
        var id = body.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Equal($"http://localhost/media/{id}", body.GetProperty("url").GetString());
        Assert.Equal($"http://localhost/media/{id}/thumb", body.GetProperty("thumbnail_url").GetString());
        Assert.Equal(contentType, body.GetProperty("content_type").GetString());
        Assert.Equal(kind == "gif" ? 1 : 40, body.GetProperty("width").GetInt32());
        Assert.Equal(kind == "gif" ? 1 : 30, body.GetProperty("height").GetInt32());
        var stored = await DownloadAsync($"/media/{id}");
        Assert.Equal(stored.LongLength, body.GetProperty("bytes").GetInt64());
        Assert.Equal(id, Convert.ToHexStringLower(SHA256.HashData(stored)));
    }

    [Fact]
    public async Task APngNamedJpg_IsStoredAsThePngItIs()
    {
        var (status, body) = await UploadAsync(_user, TestImages.Png(), "holiday.jpg", "image/jpeg");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("image/png", body.GetProperty("content_type").GetString());
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "text named .png", "unsupported_type" },
        { "truncated jpeg", "not_an_image" },
        { "png with html appended", "not_an_image" },
        { "png magic on text", "not_an_image" },
        { "jpeg magic on text", "not_an_image" },
        { "empty", "empty_file" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task HostileOrBrokenFiles_AreRefusedWithTheirError_AndNothingIsStored(string kind, string code)
    {
        var png = TestImages.Png();
        var jpeg = TestImages.Jpeg();
        var bytes = kind switch
        {
            "text named .png" => Encoding.UTF8.GetBytes("just some text, honest"),
            "truncated jpeg" => jpeg[..(jpeg.Length / 2)],
            "png with html appended" => [.. png, .. Encoding.UTF8.GetBytes("<script>alert(1)</script>")],
            "png magic on text" => [.. png[..8], .. Encoding.UTF8.GetBytes("hello world"), .. png[^12..]],
            "jpeg magic on text" => [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.UTF8.GetBytes("not really a jpeg"), 0xFF, 0xD9],
            _ => [],
        };

        var (status, body) = await UploadAsync(_user, bytes, "image.png", "image/png");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal("file", body.GetProperty("field").GetString());
        Assert.Empty(await BlobNamesAsync());
    }

    [Fact]
    public async Task AFileOverMaxBytes_Is413TooLarge_AndNothingIsStored()
    {
        var (status, body) = await UploadAsync(_user, NoisePng(), "image.png", "image/png");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("too_large", body.GetProperty("code").GetString());
        Assert.Equal("file", body.GetProperty("field").GetString());
        Assert.Empty(await BlobNamesAsync());
    }

    [Fact]
    public async Task AMissingFieldOrForm_OrAWrongToken_IsRefused_AndNothingIsStored()
    {
        using var wrongField = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png()), "image", "a.png" } };
        using var missing = await _user.PostAsync("/api/v1/uploads", wrongField);
        using var notAForm = await _user.PostAsync("/api/v1/uploads", new ByteArrayContent(TestImages.Png()));
        using var anonymous = _app.CreateClient();
        var (noToken, _) = await UploadAsync(anonymous, TestImages.Png(), "a.png", "image/png");
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "kfk_forged");
        var (badToken, _) = await UploadAsync(anonymous, TestImages.Png(), "a.png", "image/png");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("missing_file", JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notAForm.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken);
        Assert.Equal(HttpStatusCode.Unauthorized, badToken);
        Assert.Empty(await BlobNamesAsync());
    }

    [Fact]
    public async Task TheSameImageTwice_IsStoredOnce()
    {
        var png = TestImages.Png();

        var (_, first) = await UploadAsync(_user, png, "a.png", "image/png");
        var (status, second) = await UploadAsync(_user, png, "b.png", "image/png");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        var id = first.GetProperty("id").GetString()!;
        Assert.Equal([id, id + "/thumb"], await BlobNamesAsync());
    }

    [Fact]
    public async Task Metadata_IsStrippedFromWhatIsStored()
    {
        var jpeg = TestImages.JpegWithExif();
        var png = TestImages.PngWithText();
        var gif = TestImages.GifWithMetadata();
        Assert.True(TestImages.Contains(jpeg, "GPSLatitude") && TestImages.Contains(png, "GPSLatitude") && TestImages.Contains(gif, "GPSLatitude"));

        foreach (var original in new[] { jpeg, png, gif })
        {
            var (status, body) = await UploadAsync(_user, original, "x", "image/png");
            Assert.Equal(HttpStatusCode.Created, status);
            var stored = await DownloadAsync($"/media/{body.GetProperty("id").GetString()}");
            Assert.False(TestImages.Contains(stored, "GPS"), "GPS survived in " + body.GetProperty("content_type").GetString());
            Assert.False(TestImages.Contains(stored, "Exif"));
            Assert.False(TestImages.Contains(stored, "tEXt"));
            Assert.False(TestImages.Contains(stored, "secret comment"));
            using var decoded = SKBitmap.Decode(stored);
            Assert.NotNull(decoded);
        }
    }

    [Fact]
    public async Task Thumbnails_FitTheListViewSize()
    {
        var (_, body) = await UploadAsync(_user, TestImages.Jpeg(1000, 500), "big.jpg", "image/jpeg");

        using var thumb = SKBitmap.Decode(await DownloadAsync($"/media/{body.GetProperty("id").GetString()}/thumb"));

        Assert.Equal(320, thumb.Width);
        Assert.Equal(160, thumb.Height);
    }

    [Fact]
    public async Task MediaUrl_RedirectsToASignedReadUrl_WithCacheHeaders_AndUnknownIdsAre404()
    {
        var (_, body) = await UploadAsync(_user, TestImages.Png(), "a.png", "image/png");
        var id = body.GetProperty("id").GetString()!;
        using var noRedirect = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var redirect = await noRedirect.GetAsync($"/media/{id}");
        using var unknown = await noRedirect.GetAsync($"/media/{new string('a', 64)}");
        using var malformed = await noRedirect.GetAsync("/media/..%2F..%2Fsecret");
        using var noAvatar = await noRedirect.GetAsync($"/media/{id}/avatar/64");
        using var direct = new HttpClient();
        using var unsigned = await direct.GetAsync(new UriBuilder(redirect.Headers.Location!) { Query = "" }.Uri);

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("private", redirect.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(300), redirect.Headers.CacheControl!.MaxAge);
        Assert.Contains("sig=", redirect.Headers.Location!.Query, StringComparison.Ordinal);
        Assert.Contains("sp=r", redirect.Headers.Location!.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noAvatar.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, unsigned.StatusCode); // the container is private
    }

    [Fact]
    public async Task Avatars_OfAgentsAndShops_ComeInTheStandardSizes()
    {
        var account = "kefu" + Guid.NewGuid().ToString("N")[..8];
        using var created = await _platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = _shopId, account, password = "secret-pass-1", nickname = "小王" });
        var kefuId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        var (agentStatus, agentAvatar) = await UploadAsync(_platform, TestImages.Jpeg(300, 200), "me.jpg", "image/jpeg", $"/api/v1/kefu/{kefuId}/avatar");
        var (shopStatus, shopAvatar) = await UploadAsync(_platform, TestImages.Png(), "logo.png", "image/png", $"/api/v1/shops/{_shopId}/avatar");
        var (anonymousStatus, _) = await UploadAsync(_user, TestImages.Png(), "logo.png", "image/png", $"/api/v1/shops/{_shopId}/avatar");

        Assert.Equal(HttpStatusCode.OK, agentStatus);
        Assert.Equal(HttpStatusCode.OK, shopStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStatus);
        var id = agentAvatar.GetProperty("id").GetString();
        foreach (var size in new[] { 64, 128, 256 })
        {
            Assert.Equal($"http://localhost/media/{id}/avatar/{size}", agentAvatar.GetProperty("sizes").GetProperty($"{size}").GetString());
            using var avatar = SKBitmap.Decode(await DownloadAsync($"/media/{id}/avatar/{size}"));
            Assert.Equal((size, size), (avatar.Width, avatar.Height));
        }
        var agents = JsonDocument.Parse(await _platform.GetStringAsync($"/api/v1/kefu?shop_id={_shopId}")).RootElement.GetProperty("list");
        Assert.Equal($"http://localhost/media/{id}/avatar/128", agents[0].GetProperty("avatar").GetString());
        var shop = JsonDocument.Parse(await _platform.GetStringAsync($"/api/v1/shops/{_shopId}")).RootElement;
        Assert.Equal(shopAvatar.GetProperty("avatar").GetString(), shop.GetProperty("avatar").GetString());
    }

    [Fact]
    public async Task FormImage_IsTheWorkbenchUpload_InTheLikeshopEnvelope()
    {
        var account = "kefu" + Guid.NewGuid().ToString("N")[..8];
        (await _platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = _shopId, account, password = "secret-pass-1", nickname = "小王" })).EnsureSuccessStatusCode();
        using var login = await _platform.PostAsJsonAsync("/kefuapi/account/login", new { account, password = "secret-pass-1", type = 1 });
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("token").GetString()!;

        var ok = await FormImageAsync(token, TestImages.Png());
        var text = await FormImageAsync(token, Encoding.UTF8.GetBytes("plain text"));
        var noSession = await FormImageAsync(null, TestImages.Png());

        Assert.Equal(1, ok.GetProperty("code").GetInt32());
        Assert.Equal("上传成功", ok.GetProperty("msg").GetString());
        Assert.Matches("^http://localhost/media/[0-9a-f]{64}$", ok.GetProperty("data").GetProperty("url").GetString());
        Assert.Equal(0, text.GetProperty("code").GetInt32());
        Assert.Equal("只能上传JPEG、PNG、GIF、WebP格式的图片", text.GetProperty("msg").GetString());
        Assert.Equal(-1, noSession.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Uploads_AreRateLimitedPerIdentity()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 13; i++)
        {
            statuses.Add((await UploadAsync(_user, TestImages.Png(), "a.png", "image/png")).Status);
        }

        Assert.All(statuses.Take(12), s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[12]);
    }

    private async Task<JsonElement> FormImageAsync(string? token, byte[] bytes)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/kefuapi/file/formImage") { Content = Form(bytes, "a.png", "image/png") };
        if (token is not null)
        {
            request.Headers.Add("token", token);
        }
        using var response = await client.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(HttpClient client, byte[] bytes, string fileName, string contentType,
        string path = "/api/v1/uploads")
    {
        using var response = await client.PostAsync(path, Form(bytes, fileName, contentType));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static MultipartFormDataContent Form(byte[] bytes, string fileName, string contentType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    /// <summary>Follows the media URL's redirect to the signed Blob URL with a plain client (no headers), as a legacy client does.</summary>
    private async Task<byte[]> DownloadAsync(string mediaPath)
    {
        using var noRedirect = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var redirect = await noRedirect.GetAsync(mediaPath);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        using var plain = new HttpClient();
        return await plain.GetByteArrayAsync(redirect.Headers.Location);
    }

    private async Task<List<string>> BlobNamesAsync()
    {
        var container = new BlobContainerClient((await Azurite.SharedAsync()).ConnectionString, _container);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }
        return [.. names.Order(StringComparer.Ordinal)];
    }

    /// <summary>A PNG of random noise (incompressible), well over 256 KB.</summary>
    private static byte[] NoisePng()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(400, 400, SKColorType.Rgba8888, SKAlphaType.Premul));
        var pixels = new byte[400 * 400 * 4];
        Random.Shared.NextBytes(pixels);
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }
}
