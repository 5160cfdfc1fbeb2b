using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Likeshop;

/// <summary>
/// The likeshop REST envelope: <c>{"code":1,"show":0,"msg":"","data":…}</c> on success,
/// <c>{"code":0,"show":1,"msg":"&lt;reason&gt;","data":[]}</c> on failure, HTTP 200 either way (legacy clients read <c>code</c>).
/// </summary>
public static class LikeshopEnvelope
{
    /// <summary>Success with <paramref name="data"/>, which must be of a type in <see cref="LikeshopJsonContext"/>.</summary>
    public static JsonHttpResult<JsonObject> Success(object? data, string msg = "") =>
        Envelope(new JsonObject
        {
            ["code"] = 1,
            ["show"] = 0,
            ["msg"] = msg,
            ["data"] = data is null ? new JsonArray() : JsonSerializer.SerializeToNode(data, Json.GetTypeInfo(data.GetType())),
        });

    public static JsonHttpResult<JsonObject> Fail(string msg) =>
        Envelope(new JsonObject { ["code"] = 0, ["show"] = 1, ["msg"] = msg, ["data"] = new JsonArray() });

    /// <summary>
    /// The session is missing or over: <c>code -1</c>, the only code on which both real clients send the person to log in
    /// again (the workbench's request plugin and the buyer app's request helper test <c>code == -1</c>).
    /// </summary>
    public static JsonHttpResult<JsonObject> Expired() =>
        Envelope(new JsonObject { ["code"] = -1, ["show"] = 1, ["msg"] = LikeshopSession.ExpiredMessage, ["data"] = new JsonArray() });

    private static JsonHttpResult<JsonObject> Envelope(JsonObject body) => TypedResults.Json(body, EnvelopeInfo);

    /// <summary>
    /// <see cref="LikeshopJsonContext"/> with ASP.NET Core's relaxed escaping: Chinese text as is, byte for byte the same
    /// as in the hub's frames (the clients compare them).
    /// </summary>
    private static readonly JsonSerializerOptions Json = new(LikeshopJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonTypeInfo<JsonObject> EnvelopeInfo = (JsonTypeInfo<JsonObject>)Json.GetTypeInfo(typeof(JsonObject));

    /// <summary>Largest body <see cref="ReadFieldsAsync"/> reads: legacy POST routes carry a few short fields.</summary>
    public const int MaxFieldsBodyBytes = 64 * 1024;

    /// <summary>Most fields <see cref="ReadFieldsAsync"/> accepts.</summary>
    public const int MaxFields = 64;

    private static readonly FormOptions FieldsForm = new()
    {
        ValueCountLimit = MaxFields,
        KeyLengthLimit = 256,
        ValueLengthLimit = MaxFieldsBodyBytes,
        MultipartBodyLengthLimit = MaxFieldsBodyBytes,
        BufferBodyLengthLimit = MaxFieldsBodyBytes,
        MemoryBufferThreshold = MaxFieldsBodyBytes,
    };

    private static readonly JsonDocumentOptions FieldsJson = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    /// <summary>
    /// A POST body's fields, whether the legacy client sent JSON or a form (urlencoded or multipart). Values come back
    /// as strings (nested JSON objects and arrays, and nulls, are left out). Null for anything else: a body over
    /// <see cref="MaxFieldsBodyBytes"/>, more than <see cref="MaxFields"/> fields, a repeated JSON key, text that is not
    /// valid UTF-8 or UTF-16 (lone surrogates), a multipart body without its boundary. The body is read once, up to
    /// the limit, whatever the server's own limit.
    /// </summary>
    public static async Task<Dictionary<string, string>?> ReadFieldsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await ReadLimitedBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return null;
        }
        try
        {
            return request.HasFormContentType ? await FormFieldsAsync(request, body, cancellationToken) : JsonFields(body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or InvalidDataException or IOException)
        {
            // Malformed JSON, invalid UTF-8 or UTF-16 in a string, form limits exceeded, a broken multipart body.
            return null;
        }
    }

    private static async Task<byte[]?> ReadLimitedBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxFieldsBodyBytes)
        {
            return null;
        }
        try
        {
            var read = await request.BodyReader.ReadAtLeastAsync(MaxFieldsBodyBytes + 1, cancellationToken);
            var body = read.Buffer.Length > MaxFieldsBodyBytes ? null : read.Buffer.ToArray();
            request.BodyReader.AdvanceTo(read.Buffer.End);
            return body;
        }
        catch (BadHttpRequestException)
        {
            // The server's own body limit, or a body that ended early.
            return null;
        }
    }

    private static async Task<Dictionary<string, string>> FormFieldsAsync(HttpRequest request, byte[] body, CancellationToken cancellationToken)
    {
        request.Body = new MemoryStream(body, writable: false);
        var form = await request.ReadFormAsync(FieldsForm, cancellationToken);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            fields[key] = value.ToString();
        }
        return fields;
    }

    private static Dictionary<string, string>? JsonFields(byte[] body)
    {
        using var json = JsonDocument.Parse(body, FieldsJson);
        if (json.RootElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in json.RootElement.EnumerateObject())
        {
            if (fields.Count == MaxFields)
            {
                return null;
            }
            // Reading each name and string value here makes invalid UTF-8 and lone surrogates fail now, not later.
            var name = property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    fields[name] = property.Value.GetString()!;
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    fields[name] = property.Value.GetRawText();
                    break;
            }
        }
        return fields;
    }
}
