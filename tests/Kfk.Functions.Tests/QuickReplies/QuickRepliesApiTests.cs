using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kfk.Testing;

namespace Kfk.Functions.Tests.QuickReplies;

public sealed class QuickRepliesApiTests : IAsyncLifetime
{
    private KfkApp _app = null!;
    private HttpClient _platform = null!;
    private HttpClient _client = null!;
    private readonly long _shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);

    public async Task InitializeAsync()
    {
        _app = await KfkApp.WithAzuriteAsync();
        _platform = _app.CreateClient();
        _platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        _client = _app.CreateClient();
        (await _platform.PutAsJsonAsync($"/api/v1/shops/{_shopId}", new { name = "店铺" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _platform.Dispose();
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private string Path(string suffix = "") => $"/api/v1/shops/{_shopId}/quick-replies{suffix}";

    [Fact]
    public async Task QuickReplies_AreListedBySort_AndCanBeEditedAndDeleted()
    {
        var late = await CreateAsync("发货时间", "付款后 5 分钟内自动发货", 20);
        await CreateAsync("问候", "您好，请问有什么可以帮您？", 1);
        await CreateAsync("退款", "请提供订单号", 10);

        using var patched = await _platform.PatchAsJsonAsync(Path($"/{late}"), new { sort = 0 });
        var titles = await TitlesAsync();
        using var deleted = await _platform.DeleteAsync(Path($"/{late}"));
        using var deletedAgain = await _platform.DeleteAsync(Path($"/{late}"));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(["发货时间", "问候", "退款"], titles);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        Assert.Equal(["问候", "退款"], await TitlesAsync());
    }

    [Theory]
    [InlineData("""{"content":"c"}""", "title")]
    [InlineData("""{"title":"t"}""", "content")]
    [InlineData("""{"title":"t","content":"c","sort":-1}""", "sort")]
    public async Task Create_WithInvalidFields_Is400NamingTheField(string json, string field)
    {
        using var response = await _platform.PostAsync(Path(), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Kefu_SeesItsShopsRepliesByKeyword_AndNeedsASession()
    {
        await CreateAsync("发货时间", "付款后自动发货", 2);
        await CreateAsync("问候", "您好", 1);
        var account = "kefu" + Guid.NewGuid().ToString("N")[..8];
        (await _platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = _shopId, account, password = "secret-pass-1", nickname = "小王" })).EnsureSuccessStatusCode();
        using var login = await _client.PostAsJsonAsync("/kefuapi/account/login", new { account, password = "secret-pass-1", type = 1 });
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("token").GetString()!;

        using var all = await KefuGetAsync("/kefuapi/chat/reply", token);
        using var filtered = await KefuGetAsync("/kefuapi/chat/reply?keyword=发货", token);
        using var anonymous = await KefuGetAsync("/kefuapi/chat/reply", null);

        Assert.Equal(["问候", "发货时间"], all.RootElement.GetProperty("data").GetProperty("list").EnumerateArray().Select(r => r.GetProperty("title").GetString()));
        var only = Assert.Single(filtered.RootElement.GetProperty("data").GetProperty("list").EnumerateArray());
        Assert.Equal("付款后自动发货", only.GetProperty("content").GetString());
        Assert.Equal(2, only.GetProperty("sort").GetInt32());
        Assert.Equal(-1, anonymous.RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task WithoutCredentials_Is401()
    {
        using var response = await _client.GetAsync(Path());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<long> CreateAsync(string title, string content, int sort)
    {
        using var response = await _platform.PostAsJsonAsync(Path(), new { title, content, sort });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    private async Task<List<string>> TitlesAsync()
    {
        using var list = JsonDocument.Parse(await _platform.GetStringAsync(Path()));
        return [.. list.RootElement.GetProperty("list").EnumerateArray().Select(r => r.GetProperty("title").GetString()!)];
    }

    private async Task<JsonDocument> KefuGetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Add("token", token);
        }
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
