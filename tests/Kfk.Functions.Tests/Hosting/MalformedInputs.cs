using System.Net;
using System.Text;
using System.Text.Json;

namespace Kfk.Functions.Tests.Hosting;

/// <summary>One operation of the OpenAPI document.</summary>
public sealed record ApiOperation(string Method, string Path, JsonElement Operation, JsonElement Document)
{
    public override string ToString() => $"{Method} {Path}";

    public bool IsNative => Path.StartsWith("/api/v1/", StringComparison.Ordinal);

    public IEnumerable<JsonElement> Parameters(string location) =>
        Operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == location)
            : [];

    /// <summary>The JSON body's schema (its <c>$ref</c> resolved), or null when the operation takes no JSON body.</summary>
    public JsonElement? JsonBodySchema =>
        Operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out var json)
            ? Resolve(json.GetProperty("schema"))
            : null;

    public JsonElement Resolve(JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }
        var name = reference.GetString()!.Split('/')[^1];
        return Document.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }

    public static bool IsInteger(JsonElement schema) => Types(schema).Contains("integer");

    public static bool IsPlainString(JsonElement schema) => Types(schema).Contains("string") && !Types(schema).Contains("integer")
        && !schema.TryGetProperty("format", out _) && !schema.TryGetProperty("enum", out _);

    private static string[] Types(JsonElement schema) => !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
        : [type.GetString()!];

    public static IReadOnlyList<ApiOperation> All(JsonElement document) =>
    [
        .. document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => op.Name is "get" or "put" or "post" or "patch" or "delete")
            .Select(op => new ApiOperation(op.Name.ToUpperInvariant(), path.Name, op.Value, document))),
    ];
}

/// <summary>
/// A malformed request to one operation and what a correct API answers (<c>Expected</c>; null: any client error or
/// success) once the caller may get that far; <c>Field</c> is the field at fault, which the problem must name (null when the request as a whole is);
/// <c>BeforeAuthentication</c>: refused while routing, before an endpoint is chosen (the path does not match, the
/// content type is not one the endpoint accepts), whoever calls; <c>LargeBody</c>: sent as a careful client sends a
/// large body, with <c>Expect: 100-continue</c>, so that a refusal before the body is read reaches the client instead
/// of a connection reset.
/// </summary>
public sealed record MalformedCase(ApiOperation Operation, string Input, string Url, Func<HttpContent?> Content, HttpStatusCode? Expected,
    string? Field, bool BeforeAuthentication = false, bool LargeBody = false)
{
    public override string ToString() => $"{Operation} [{Input}]";
}

/// <summary>The table: every operation × the malformed inputs its parameters and body allow.</summary>
public static class MalformedInputs
{
    public const string OverLongNumber = "123456789012345678901234567890";

    public static IEnumerable<MalformedCase> For(ApiOperation operation, int maxRequestBodyBytes)
    {
        var url = ValidUrl(operation);
        if (operation.IsNative)
        {
            // Only the credentials are at fault (or, with a token or key, nothing the binder sees): every operation is covered.
            yield return new MalformedCase(operation, "credentials only", url, () => Body(operation), null, null);
        }
        foreach (var parameter in operation.Parameters("path").Where(p => ApiOperation.IsInteger(p.GetProperty("schema"))))
        {
            var name = parameter.GetProperty("name").GetString()!;
            var broken = operation.Path.Replace("{" + name + "}", "abc", StringComparison.Ordinal);
            yield return new MalformedCase(operation, $"path {name}=abc", Fill(operation, broken), () => Body(operation), HttpStatusCode.NotFound, null,
                BeforeAuthentication: true);
        }
        foreach (var parameter in operation.Parameters("query").Where(p => ApiOperation.IsInteger(p.GetProperty("schema"))))
        {
            var name = parameter.GetProperty("name").GetString()!;
            foreach (var value in new[] { "abc", "1e3", OverLongNumber })
            {
                yield return new MalformedCase(operation, $"query {name}={value}", $"{url}?{name}={Uri.EscapeDataString(value)}", () => Body(operation),
                    HttpStatusCode.BadRequest, name);
            }
        }
        if (operation.JsonBodySchema is not { } schema)
        {
            yield break;
        }
        var properties = schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().ToList() : [];
        var text = properties.Where(x => ApiOperation.IsPlainString(operation.Resolve(x.Value))).Select(x => x.Name).FirstOrDefault();
        var integer = properties.Where(x => ApiOperation.IsInteger(operation.Resolve(x.Value))).Select(x => x.Name).FirstOrDefault();

        yield return Json(operation, url, "empty body", [], null);
        yield return Json(operation, url, "{", "{"u8.ToArray(), null);
        yield return Json(operation, url, "[]", "[]"u8.ToArray(), null);
        yield return Json(operation, url, "\"x\"", "\"x\""u8.ToArray(), null);
        yield return new MalformedCase(operation, "wrong content type", url, () => new StringContent("{}", Encoding.UTF8, "text/plain"),
            HttpStatusCode.UnsupportedMediaType, null, BeforeAuthentication: true);
        yield return Json(operation, url, "nested too deep", Encoding.UTF8.GetBytes($$"""{"zz_unknown":{{new string('[', 80)}}{{new string(']', 80)}}}"""), "zz_unknown");
        yield return new MalformedCase(operation, "over MaxRequestBodyBytes", url,
            () => JsonContent(Encoding.UTF8.GetBytes($$"""{"zz_unknown":"{{new string('a', maxRequestBodyBytes)}}"}""")), HttpStatusCode.RequestEntityTooLarge, null, LargeBody: true);
        if (text is not null)
        {
            yield return Json(operation, url, "duplicate key", Encoding.UTF8.GetBytes($$"""{"{{text}}":"a","{{text}}":"b"}"""), text);
            yield return Json(operation, url, "lone surrogate", Encoding.UTF8.GetBytes($$"""{"{{text}}":"\ud800"}"""), text);
            yield return Json(operation, url, "invalid UTF-8", [.. Encoding.UTF8.GetBytes($"{{\"{text}\":\""), 0xFF, 0xFE, (byte)'"', (byte)'}'], text);
        }
        if (integer is not null)
        {
            yield return Json(operation, url, "number out of range", Encoding.UTF8.GetBytes($$"""{"{{integer}}":{{OverLongNumber}}}"""), integer);
        }
    }

    private static MalformedCase Json(ApiOperation operation, string url, string input, byte[] body, string? field) =>
        new(operation, input, url, () => JsonContent(body), HttpStatusCode.BadRequest, field);

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A well-formed body for operations that take one, so that only the parameter under test is at fault.</summary>
    private static ByteArrayContent? Body(ApiOperation operation) => operation.JsonBodySchema is null ? null : JsonContent("{}"u8.ToArray());

    private static string ValidUrl(ApiOperation operation) => Fill(operation, operation.Path);

    /// <summary>Path parameters get a plausible value of nothing that exists: a large id, an order number for strings.</summary>
    private static string Fill(ApiOperation operation, string path) =>
        operation.Parameters("path").Aggregate(path, (url, parameter) => url.Replace(
            "{" + parameter.GetProperty("name").GetString() + "}",
            ApiOperation.IsInteger(parameter.GetProperty("schema")) ? "900000000000000001" : "kfk0000000001",
            StringComparison.Ordinal));
}
