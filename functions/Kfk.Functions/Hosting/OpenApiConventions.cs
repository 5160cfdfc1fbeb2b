using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kfk.Functions.Hosting;

/// <summary>
/// What every operation shares and the endpoints do not declare one by one: the tags and their groups (the native API
/// apart from the likeshop compatibility routes), the problem+json client errors of the native API, and the legacy
/// envelope of the compatibility routes. Built from the OpenAPI object model (no reflection, Native AOT safe).
/// </summary>
public static class OpenApiConventions
{
    public const string ProblemSchema = "Problem";
    private const string NativePrefix = "/api/v1/";

    private static readonly (string Name, string Description)[] NativeTags =
    [
        ("Tokens", "Tokens the platform mints for its buyers, shops and staff."),
        ("Platform data", "Shops, users, goods and orders the platform pushes (idempotent upserts) and reads back."),
        ("Realtime", "The Web PubSub connection for a Kfk token."),
        ("Agents", "The shop's customer-service agents (kefu)."),
        ("Quick replies", "Canned answers the shop's agents send."),
        ("Customer-service settings", "The shop's chat switch, working hours and automatic messages."),
        ("Disputes", "Order disputes between buyer, shop and platform."),
        ("Media", "Uploads, avatars and the stable media URLs (redirects to signed Blob URLs)."),
        ("Webhooks", "Event subscriptions of the platform, their deliveries and replays."),
        ("Health", "Reachability of the app and its storage."),
    ];

    private static readonly (string Name, string Description)[] LegacyTags =
    [
        ("likeshop kefu", "Legacy-shaped: the likeshop agent workbench routes (`/kefuapi/*`), for the unmodified likeshop clients. " + LegacyShape),
        ("likeshop user", "Legacy-shaped: the likeshop buyer routes (`/api/*`), for the unmodified likeshop clients. " + LegacyShape),
    ];

    private const string LegacyShape = "Every answer is HTTP 200 with the likeshop envelope `{\"code\":1,\"show\":0,\"msg\":\"…\",\"data\":…}`: " +
        "`code` 1 success, 0 refused (the message says why), -1 sign in again. New integrations use the native API.";

    public static OpenApiOptions AddKfkConventions(this OpenApiOptions options) => options
        .AddDocumentTransformer((document, _, _) =>
        {
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }
            document.Tags = new HashSet<OpenApiTag>(
                [.. NativeTags.Concat(LegacyTags).Select(t => new OpenApiTag { Name = t.Name, Description = t.Description })]);
            document.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            document.Extensions["x-tagGroups"] = new JsonNodeExtension(new JsonArray(
                TagGroup("Kfk API", NativeTags), TagGroup("likeshop compatibility (legacy)", LegacyTags)));
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[ProblemSchema] = Problem();
            return Task.CompletedTask;
        })
        .AddOperationTransformer((operation, context, _) =>
        {
            // The endpoint's own WithSummary/WithDescription win over the handler's XML doc comment (which the
            // documentation-comment generator puts into the summary, <see cref> expanded to a C# signature).
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IEndpointSummaryMetadata>().LastOrDefault() is { } summary)
            {
                operation.Summary = summary.Summary;
                operation.Description = metadata.OfType<IEndpointDescriptionMetadata>().LastOrDefault()?.Description;
            }
            var path = "/" + context.Description.RelativePath;
            if (path.StartsWith(NativePrefix, StringComparison.Ordinal))
            {
                AddClientErrors(operation, context);
            }
            else if (metadata.OfType<OwnBadRequestShape>().Any()) // the likeshop routes (WithLikeshopErrors)
            {
                operation.Description = string.IsNullOrEmpty(operation.Description) ? "Legacy-shaped. " + LegacyShape : operation.Description;
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions["x-kfk-legacy"] = new JsonNodeExtension(JsonValue.Create(true));
            }
            return Task.CompletedTask;
        });

    private static JsonObject TagGroup(string name, (string Name, string Description)[] tags) =>
        new() { ["name"] = name, ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)JsonValue.Create(t.Name))]) };

    /// <summary>The client errors any native operation may answer, as far as its shape tells.</summary>
    private static void AddClientErrors(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        operation.Responses ??= [];
        var hasInput = operation.RequestBody is not null || operation.Parameters is { Count: > 0 };
        if (hasInput)
        {
            AddProblem(operation, context, StatusCodes.Status400BadRequest, "The input is invalid; `field` names the field at fault.");
        }
        if (operation.Security is { Count: > 0 })
        {
            AddProblem(operation, context, StatusCodes.Status401Unauthorized, "No credentials, or not valid ones.");
            AddProblem(operation, context, StatusCodes.Status403Forbidden, "The credentials are valid but do not reach this resource.");
        }
        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true)
        {
            AddProblem(operation, context, StatusCodes.Status404NotFound, "Nothing with this id.");
        }
        if (operation.RequestBody is not null)
        {
            AddProblem(operation, context, StatusCodes.Status413PayloadTooLarge, "The body is larger than the app accepts.");
            AddProblem(operation, context, StatusCodes.Status415UnsupportedMediaType, "The body's content type is not one this operation reads.");
        }
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
            },
        };
    }

    /// <summary>RFC 9457 problem details as <see cref="Problems"/> writes them: always a stable <c>code</c>, the <c>field</c> at fault when one is.</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details.",
        Required = new HashSet<string> { "status", "title", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A stable machine-readable reason." },
            ["field"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The input field at fault (snake_case), when one is." },
        },
    };
}
