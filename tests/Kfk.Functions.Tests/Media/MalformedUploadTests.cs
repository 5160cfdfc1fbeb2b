using System.Net;
using Kfk.Imaging;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Media;

/// <summary>
/// Requests that are not a well-formed image upload, on each upload route: a problem naming what is wrong (or, on
/// the likeshop route, its envelope), never a 5xx, nothing stored.
/// </summary>
public sealed class MalformedUploadTests : IAsyncLifetime
{
    private const int MaxBytes = 256 * 1024;
    private readonly string _container = "media-" + Guid.NewGuid().ToString("N")[..12];
    private KfkApp _app = null!;
    private UploadRoutes _routes = null!;

    public async Task InitializeAsync()
    {
        _app = await KfkApp.WithAzuriteAsync(new Dictionary<string, string?>
        {
            ["Kfk:Media:Container"] = _container,
            ["Kfk:Media:MaxBytes"] = $"{MaxBytes}",
            ["Kfk:Media:MaxConcurrentDecodes"] = "1",
            ["Kfk:Media:MaxDecodeWait"] = "00:00:00",
        });
        _routes = await UploadRoutes.CreateAsync(() => _app.CreateClient());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string, HttpStatusCode, string, string> Cases()
    {
        var data = new TheoryData<string, string, HttpStatusCode, string, string>();
        foreach (var route in UploadRoutes.All)
        {
            data.Add(route, "no closing boundary", HttpStatusCode.BadRequest, "invalid_form", "请选择要上传的图片");
            data.Add(route, "no boundary parameter", HttpStatusCode.BadRequest, "invalid_form", "请选择要上传的图片");
            data.Add(route, "not multipart", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", "请选择要上传的图片");
            data.Add(route, "13 MB body", HttpStatusCode.RequestEntityTooLarge, "too_large", "图片过大");
            data.Add(route, "file just over MaxBytes", HttpStatusCode.RequestEntityTooLarge, "too_large", "图片过大");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AMalformedUpload_IsRefusedNamingTheProblem(string route, string kind, HttpStatusCode status, string code, string likeshopMessage)
    {
        var png = TestImages.Png();
        var answer = await _routes.PostAsync(route, kind switch
        {
            "no closing boundary" => UploadRoutes.RawForm(png, closed: false),
            "no boundary parameter" => UploadRoutes.RawForm(png, contentType: "multipart/form-data"),
            "not multipart" => UploadRoutes.RawForm(png, contentType: "image/png"),
            "13 MB body" => UploadRoutes.Form(new byte[13 * 1024 * 1024]),
            _ => UploadRoutes.Form(new byte[MaxBytes + 1]),
        });

        AssertRefused(answer, route, status, code, likeshopMessage);
        Assert.Empty(await UploadRoutes.BlobNamesAsync(_container));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AHandWrittenFormDoneRight_IsAccepted(string route)
    {
        var answer = await _routes.PostAsync(route, UploadRoutes.RawForm(TestImages.Png()));

        AssertAccepted(answer, route);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task WhenEveryDecodeSlotIsTaken_AnUploadIs503Busy_WithRetryAfter_AndIsServedOnceOneFrees(string route)
    {
        var slot = await _app.Services.GetRequiredService<DecodeSlots>().TryEnterAsync(CancellationToken.None);
        var busy = await _routes.PostAsync(route, UploadRoutes.Form(TestImages.Png()));
        slot!.Dispose();
        var served = await _routes.PostAsync(route, UploadRoutes.Form(TestImages.Png()));

        AssertRefused(busy, route, HttpStatusCode.ServiceUnavailable, "busy", "服务器繁忙，请稍后再试");
        if (route != UploadRoutes.FormImage)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), busy.RetryAfter);
        }
        AssertAccepted(served, route);
    }

    public static TheoryData<string> Routes => [.. UploadRoutes.All];

    internal static void AssertAccepted(UploadAnswer answer, string route)
    {
        Assert.Equal(route switch { UploadRoutes.Uploads => HttpStatusCode.Created, _ => HttpStatusCode.OK }, answer.Status);
        if (route == UploadRoutes.FormImage)
        {
            Assert.Equal(1, answer.Body.GetProperty("code").GetInt32());
        }
    }

    /// <summary>The native routes answer problem+json with the status and code; formImage its HTTP 200 envelope.</summary>
    internal static void AssertRefused(UploadAnswer answer, string route, HttpStatusCode status, string code, string likeshopMessage)
    {
        if (route == UploadRoutes.FormImage)
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(0, answer.Body.GetProperty("code").GetInt32());
            Assert.Equal(likeshopMessage, answer.Body.GetProperty("msg").GetString());
            return;
        }
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(code, answer.Body.GetProperty("code").GetString());
        Assert.Equal((int)status, answer.Body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(answer.Body.GetProperty("detail").GetString()));
    }
}
