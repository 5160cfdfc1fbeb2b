using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kfk.Functions.Tests.Media;
using Kfk.Testing;
using static Kfk.Functions.Tests.Likeshop.LikeshopWire;

namespace Kfk.Functions.Tests.Likeshop;

/// <summary>
/// With <c>Kfk:Likeshop:BaseDomain</c> set, the clients' <c>base_domain + value</c> must give the media address: uploads answer a
/// relative <c>base_uri</c>, an image message sent with it is accepted, and records carry it relative.
/// </summary>
public sealed class BaseDomainAddressTests : IAsyncLifetime
{
    // Every media URL of the test app starts with it (the app's port is chosen at start).
    private const string BaseDomain = "http://127.0.0.1:";
    private RealtimeStack _stack = null!;
    private HttpClient _http = null!;
    private readonly long _shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private readonly long _userId = Random.Shared.NextInt64(1_000, 1_000_000_000);

    public async Task InitializeAsync()
    {
        _stack = await RealtimeStack.StartAsync(["likeshop"], appSettings: new Dictionary<string, string?> { ["Kfk:Likeshop:BaseDomain"] = BaseDomain });
        _http = _stack.PlatformClient();
        (await _http.PutAsJsonAsync($"/api/v1/shops/{_shopId}", new { name = "数码店" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync($"/api/v1/users/{_userId}", new { nickname = "Jason", avatar = "http://127.0.0.1:1/jason.png" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stack.DisposeAsync();
    }

    [Fact]
    public async Task BuyerImage_SentAsTheRelativeBaseUri_IsStoredAbsolute_AndDeliveredRelative()
    {
        var (kefuId, kefuToken) = await CreateKefuAsync(_http, _shopId, "客服小王");
        var userToken = await UserTokenAsync(_http, _userId, 6);
        using var user = await ConnectAsync(_stack, $"?token={userToken}&type=user&client=6&shop_id={_shopId}");
        using var kefu = await ConnectAsync(_stack, $"?token={kefuToken}&type=kefu&client=5&shop_id={_shopId}");
        await SkipGreetingAsync(user, kefu);

        var file = new ByteArrayContent(TestImages.Png(33, 21));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/file/formimage") { Content = new MultipartFormDataContent { { file, "file", "a.png" } } };
        request.Headers.Add("token", userToken);
        using var response = await _http.SendAsync(request);
        var upload = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        var baseUri = upload.GetProperty("base_uri").GetString()!;
        await SendAsync(user, new { @event = "chat", data = new { msg = baseUri, msg_type = 2, to_id = kefuId, to_type = "kefu" } });
        var atKefu = await ReceiveJsonAsync(kefu);
        var userInfo = await KefuGetAsync(_http, $"/kefuapi/chat/userInfo?user_id={_userId}", kefuToken);

        Assert.False(Uri.TryCreate(baseUri, UriKind.Absolute, out _), baseUri);
        Assert.Equal(upload.GetProperty("url").GetString(), BaseDomain + baseUri);
        Assert.True(atKefu.GetProperty("event").GetString() == "chat", atKefu.GetRawText());
        Assert.Equal(baseUri, atKefu.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal("1/jason.png", atKefu.GetProperty("data").GetProperty("from_avatar").GetString());
        Assert.Equal("http://127.0.0.1:1/jason.png", userInfo.GetProperty("data").GetProperty("avatar").GetString());
    }
}
