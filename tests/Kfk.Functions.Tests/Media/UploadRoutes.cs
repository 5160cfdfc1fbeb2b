using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Media;

/// <summary>What an upload route answered.</summary>
internal sealed record UploadAnswer(HttpStatusCode Status, string? ContentType, JsonElement Body, TimeSpan? RetryAfter = null);

/// <summary>
/// The three routes that take an image upload, each with a caller allowed to use it: <c>/api/v1/uploads</c> (a user
/// token), <c>/api/v1/shops/{id}/avatar</c> (the platform key) and <c>/kefuapi/file/formImage</c> (a kefu session).
/// </summary>
internal sealed class UploadRoutes(Func<HttpClient> newClient, string userToken, long shopId, string kefuToken)
{
    public const string Uploads = "uploads";
    public const string ShopAvatar = "shop avatar";
    public const string FormImage = "formImage";

    public static readonly string[] All = [Uploads, ShopAvatar, FormImage];

    /// <param name="newClient">A client of the app: in memory, or over a real socket.</param>
    public static async Task<UploadRoutes> CreateAsync(Func<HttpClient> newClient)
    {
        using var platform = newClient();
        platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        long userId = Random.Shared.NextInt64(1_000, 1_000_000_000), shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        (await platform.PutAsJsonAsync($"/api/v1/users/{userId}", new { nickname = "Jason" })).EnsureSuccessStatusCode();
        (await platform.PutAsJsonAsync($"/api/v1/shops/{shopId}", new { name = "店" })).EnsureSuccessStatusCode();
        using var token = await platform.PostAsJsonAsync("/api/v1/tokens", new { kind = "user", user_id = userId });
        var account = "kefu" + Guid.NewGuid().ToString("N")[..8];
        (await platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = shopId, account, password = "secret-pass-1", nickname = "小王" })).EnsureSuccessStatusCode();
        using var login = await platform.PostAsJsonAsync("/kefuapi/account/login", new { account, password = "secret-pass-1", type = 1 });
        return new UploadRoutes(newClient, await TextAt(token, "token"), shopId, await TextAt(login, "data", "token"));
    }

    /// <summary>Posts <paramref name="content"/> to the route as its caller.</summary>
    public async Task<UploadAnswer> PostAsync(string route, HttpContent content)
    {
        using var client = newClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path(route)) { Content = content };
        var (name, value) = Caller(route);
        request.Headers.Add(name, value);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new UploadAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Headers.RetryAfter?.Delta);
    }

    public string Path(string route) => route switch
    {
        Uploads => "/api/v1/uploads",
        ShopAvatar => $"/api/v1/shops/{shopId}/avatar",
        _ => "/kefuapi/file/formImage",
    };

    /// <summary>The header that makes the request the route's allowed caller.</summary>
    public (string Name, string Value) Caller(string route) => route switch
    {
        Uploads => ("Authorization", "Bearer " + userToken),
        ShopAvatar => ("X-Kfk-Api-Key", KfkApp.ApiKey),
        _ => ("token", kefuToken),
    };

    /// <summary>A form with <paramref name="file"/> in the field <c>file</c>.</summary>
    public static MultipartFormDataContent Form(byte[] file)
    {
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { part, "file", "a.png" } };
    }

    /// <summary>
    /// A multipart body written by hand, to get it wrong on purpose: <paramref name="closed"/> whether the closing boundary
    /// is there, <paramref name="contentType"/> the request's (by default multipart/form-data with the boundary used).
    /// </summary>
    public static ByteArrayContent RawForm(byte[] file, bool closed = true, string contentType = "multipart/form-data; boundary=kfk-boundary")
    {
        var head = "--kfk-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"u8;
        var tail = closed ? "\r\n--kfk-boundary--\r\n"u8 : "\r\n"u8;
        var content = new ByteArrayContent([.. head, .. file, .. tail]);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    public static async Task<List<string>> BlobNamesAsync(string container)
    {
        var names = new List<string>();
        await foreach (var blob in new BlobContainerClient((await Azurite.SharedAsync()).ConnectionString, container).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }
        return names;
    }

    private static async Task<string> TextAt(HttpResponseMessage response, params string[] path)
    {
        var element = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        foreach (var name in path)
        {
            element = element.GetProperty(name);
        }
        return element.GetString() ?? throw new InvalidOperationException(string.Join('.', path) + " is null");
    }
}
