using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Likeshop;

/// <summary>
/// The likeshop REST envelope: <c>{"code":1,"show":0,"msg":"","data":…}</c> on success,
/// <c>{"code":0,"show":1,"msg":"&lt;reason&gt;","data":[]}</c> on failure, HTTP 200 either way (legacy clients read <c>code</c>).
/// </summary>
public static class LikeshopEnvelope
{
    public static JsonHttpResult<JsonObject> Success(object? data, string msg = "") =>
        TypedResults.Json(new JsonObject
        {
            ["code"] = 1,
            ["show"] = 0,
            ["msg"] = msg,
            ["data"] = data is null ? new JsonArray() : JsonSerializer.SerializeToNode(data, Json),
        });

    public static JsonHttpResult<JsonObject> Fail(string msg) =>
        TypedResults.Json(new JsonObject { ["code"] = 0, ["show"] = 1, ["msg"] = msg, ["data"] = new JsonArray() });

    /// <summary>
    /// The session is missing or over: <c>code -1</c>, the only code on which both real clients send the person to log in
    /// again (the workbench's request plugin and the buyer app's request helper test <c>code == -1</c>).
    /// </summary>
    public static JsonHttpResult<JsonObject> Expired() =>
        TypedResults.Json(new JsonObject { ["code"] = -1, ["show"] = 1, ["msg"] = LikeshopSession.ExpiredMessage, ["data"] = new JsonArray() });

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// A POST body's fields, whether the legacy client sent JSON or a form. Values come back as strings;
    /// null when the body is neither.
    /// </summary>
    public static async Task<Dictionary<string, string>?> ReadFieldsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (key, value) in form)
            {
                fields[key] = value.ToString();
            }
            return fields;
        }
        try
        {
            if (await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) is not JsonObject json)
            {
                return null;
            }
            foreach (var (key, value) in json)
            {
                if (value is JsonValue scalar)
                {
                    fields[key] = scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString();
                }
            }
            return fields;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
