using System.Net.Http.Json;
using System.Text.Json;

namespace Kfk.Functions.Tests.Kuaifaka;

/// <summary>
/// One disputed order with its chain (merchant, reseller, supplier), an outsider shop, platform staff and the tokens of
/// each, created through the platform API. Ids are random so scenarios never meet in the shared Azurite.
/// </summary>
internal sealed record KfkScenario(
    string OrderSn,
    long MerchantId,
    long ProxyId,
    long TopProxyId,
    long OutsiderId,
    long ReportId,
    string BuyerToken,
    string MerchantToken,
    string ProxyToken,
    string TopProxyToken,
    string OutsiderToken,
    string StaffToken)
{
    public const string Phone = "13560822174";

    /// <param name="http">A client of the app sending the platform API key.</param>
    /// <param name="openDispute">Whether the platform opens a dispute on the order.</param>
    public static async Task<KfkScenario> CreateAsync(HttpClient http, bool openDispute = true)
    {
        var seed = Random.Shared.NextInt64(1_000, 100_000_000) * 10;
        long merchant = seed + 1, proxy = seed + 2, top = seed + 3, outsider = seed + 4;
        await PutAsync(http, $"/api/v1/shops/{merchant}", new { name = "周文平-代理店铺", avatar = "https://img.example/merchant.jpeg" });
        await PutAsync(http, $"/api/v1/shops/{proxy}", new { name = "代理商", avatar = "https://img.example/proxy.jpeg" });
        await PutAsync(http, $"/api/v1/shops/{top}", new { name = "供货商", avatar = "https://img.example/top.jpeg" });
        await PutAsync(http, $"/api/v1/shops/{outsider}", new { name = "路人店" });
        var sn = "kfk" + seed.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        await PutAsync(http, $"/api/v1/orders/{sn}", new { shop_id = merchant, proxy_shop_id = proxy, top_proxy_shop_id = top, order_amount = "10.00" });
        long reportId = 0;
        if (openDispute)
        {
            using var opened = await http.PostAsJsonAsync("/api/v1/disputes", new
            {
                order_sn = sn,
                amount = "10",
                reason = "卡密无效",
                customer_contact = "475281441",
                customer_phone = Phone,
            });
            opened.EnsureSuccessStatusCode();
            reportId = (await JsonAsync(opened)).GetProperty("report_id").GetInt64();
        }
        var account = "staff" + Guid.NewGuid().ToString("N")[..8];
        using var staff = await http.PostAsJsonAsync("/api/v1/kefu", new { shop_id = 0, account, password = "staff-pass-1", nickname = "平台客服", role = "admin" });
        staff.EnsureSuccessStatusCode();
        var staffId = (await JsonAsync(staff)).GetProperty("id").GetInt64();
        return new KfkScenario(sn, merchant, proxy, top, outsider, reportId,
            await TokenAsync(http, new { kind = "buyer_order", order_sn = sn }),
            await TokenAsync(http, new { kind = "shop", shop_id = merchant }),
            await TokenAsync(http, new { kind = "shop", shop_id = proxy }),
            await TokenAsync(http, new { kind = "shop", shop_id = top }),
            await TokenAsync(http, new { kind = "shop", shop_id = outsider }),
            await TokenAsync(http, new { kind = "admin", kefu_id = staffId }));
    }

    public static async Task<string> TokenAsync(HttpClient http, object body)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/tokens", body);
        response.EnsureSuccessStatusCode();
        return (await JsonAsync(response)).GetProperty("token").GetString()!;
    }

    private static async Task PutAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PutAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
