using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kfk.Core.Webhooks;

/// <summary>
/// Something that happened, for the platform: a stable <see cref="Id"/> (the <c>webhook-id</c> of every delivery, so
/// receivers can dedupe), the <see cref="Type"/>, when it happened, the shop it concerns, and the resource as JSON
/// (<see cref="Data"/>, as the native API shows it).
/// </summary>
public sealed record WebhookEvent(string Id, string Type, DateTimeOffset OccurredAt, long? ShopId, string Data)
{
    /// <summary>
    /// The event with an id derived from (<paramref name="type"/>, <paramref name="key"/>): producing the same fact twice
    /// (a retried transition, a re-run sweep) gives the same id, which delivers once per subscription.
    /// </summary>
    public static WebhookEvent Of(string type, string key, DateTimeOffset occurredAt, long? shopId, string data) =>
        new(IdFor(type, key), type, occurredAt, shopId, data);

    public static string IdFor(string type, string key) =>
        "evt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(type + "\n" + key)))[..24];

    /// <summary>The request body every subscriber receives: <c>{id, type, occurred_at, shop_id, data}</c>.</summary>
    public string ToBody()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", Id);
            json.WriteString("type", Type);
            json.WriteString("occurred_at", OccurredAt.ToUniversalTime());
            if (ShopId is { } shop)
            {
                json.WriteNumber("shop_id", shop);
            }
            else
            {
                json.WriteNull("shop_id");
            }
            json.WritePropertyName("data");
            json.WriteRawValue(Data);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
