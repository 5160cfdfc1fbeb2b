using System.Globalization;
using System.Text.Json.Nodes;
using Kfk.Core.Identity;
using Kfk.Core.Realtime;
using Kfk.Functions.Agents;
using Kfk.Functions.Disputes;
using Kfk.Functions.Platform;
using Kfk.Functions.QuickReplies;
using Kfk.Functions.Realtime;
using Kfk.Functions.Webhooks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kfk.Functions.Hosting;

/// <summary>
/// Request schemas as the handlers validate them. The records are all-nullable positional types (so that a missing
/// field is the handler's clear 400, not a binder failure), which the generator reads as "every property required and
/// nullable"; here each gets the fields its handler refuses to go without (never null), every other field optional
/// (null there means "not given"), the token request's kinds as <c>oneOf</c>, and a partial variant for PATCH bodies.
/// </summary>
public static class OpenApiRequestSchemas
{
    public const string QuickReplyPatch = "QuickReplyPatchRequest";

    private static readonly Dictionary<Type, string[]> RequiredFields = new()
    {
        [typeof(CreateTokenRequest)] = ["kind"],
        [typeof(NegotiateRequest)] = ["hub"],
        [typeof(UpsertShopRequest)] = ["name"],
        [typeof(UpsertUserRequest)] = ["nickname"],
        [typeof(UpsertGoodsRequest)] = ["shop_id", "name"],
        [typeof(UpsertOrderRequest)] = ["shop_id"],
        [typeof(CreateAgentRequest)] = ["shop_id", "account", "password", "nickname"],
        [typeof(UpdateAgentRequest)] = [],
        [typeof(QuickReplyRequest)] = ["title", "content"],
        [typeof(Shops.CustomerServiceSettingsRequest)] = [],
        [typeof(OpenDisputeBody)] = ["order_sn", "amount", "reason"],
        [typeof(DisputeActionBody)] = ["action"],
        [typeof(CreateWebhookRequest)] = ["url", "events"],
        [typeof(UpdateWebhookRequest)] = [],
    };

    /// <summary>The token kinds and the id each requires (<see cref="TokensApi"/>).</summary>
    private static readonly (string Kind, string Field, string Title)[] TokenKinds =
    [
        ("user", "user_id", "A buyer (optionally for one client, 1-6)"),
        ("buyer_order", "order_sn", "The buyer of one order (guest checkout)"),
        ("shop", "shop_id", "A shop's agents"),
        ("admin", "kefu_id", "A staff agent of the platform"),
    ];

    public static OpenApiOptions AddKfkRequestSchemas(this OpenApiOptions options) => options
        .AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is not null || !RequiredFields.TryGetValue(context.JsonTypeInfo.Type, out var required))
            {
                return Task.CompletedTask;
            }
            schema.Required = new HashSet<string>(required);
            foreach (var name in required)
            {
                if (Property(schema, name) is OpenApiSchema property && property.Type is { } type)
                {
                    property.Type = type & ~JsonSchemaType.Null;
                }
            }
            var typeInfo = context.JsonTypeInfo.Type;
            if (typeInfo == typeof(CreateTokenRequest))
            {
                DescribeTokenKinds(schema);
            }
            else if (typeInfo == typeof(NegotiateRequest))
            {
                Describe(schema, "hub", $"`{HubNames.Kfk}` (buyer_order, shop and admin tokens) or `{HubNames.Likeshop}` (user tokens and agent sessions).");
            }
            else if (typeInfo == typeof(DisputeActionBody))
            {
                Describe(schema, "action", "`handle`, `refund`, `finish` or `withdraw`.");
            }
            return Task.CompletedTask;
        })
        .AddDocumentTransformer((document, _, _) =>
        {
            // PATCH /quick-replies/{id} takes the same fields as POST, all optional.
            if (document.Components?.Schemas is { } schemas && schemas.TryGetValue(nameof(QuickReplyRequest), out var found) && found is OpenApiSchema create)
            {
                var patch = (OpenApiSchema)create.CreateShallowCopy();
                patch.Required = new HashSet<string>();
                patch.Properties = create.Properties?.ToDictionary(p => p.Key, p => Nullable(p.Value));
                patch.Description = "A partial update: fields left out keep their value.";
                schemas[QuickReplyPatch] = patch;
            }
            return Task.CompletedTask;
        });

    /// <summary>For the PATCH endpoint: its body is the partial variant.</summary>
    public static RouteHandlerBuilder WithPartialQuickReplyBody(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            if (operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var json))
            {
                json.Schema = new OpenApiSchemaReference(QuickReplyPatch, context.Document);
            }
            return Task.CompletedTask;
        });

    private static void DescribeTokenKinds(OpenApiSchema schema)
    {
        Describe(schema, "kind", string.Join(", ", TokenKinds.Select(k => $"`{k.Kind}` ({k.Field})")) + ".");
        if (Property(schema, "client") is OpenApiSchema client)
        {
            client.Minimum = "1";
            client.Maximum = "6";
        }
        if (Property(schema, "ttl_seconds") is OpenApiSchema ttl)
        {
            ttl.Minimum = "1";
            ttl.Maximum = ((long)TokenService.MaxLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            ttl.Description = "The token's lifetime in seconds (at most 30 days); the default when left out.";
        }
        schema.Description = "`kind` decides which id is required; the other ids are ignored.";
        schema.OneOf =
        [
            .. TokenKinds.Select(k => (IOpenApiSchema)new OpenApiSchema
            {
                Title = k.Title,
                Required = new HashSet<string> { "kind", k.Field },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(k.Kind)] },
                    [k.Field] = new OpenApiSchema { Type = k.Field == "order_sn" ? JsonSchemaType.String : JsonSchemaType.Integer | JsonSchemaType.String },
                },
            }),
        ];
    }

    private static IOpenApiSchema Nullable(IOpenApiSchema property)
    {
        if (property is not OpenApiSchema { Type: { } type } schema)
        {
            return property;
        }
        var copy = (OpenApiSchema)schema.CreateShallowCopy();
        copy.Type = type | JsonSchemaType.Null;
        return copy;
    }

    private static OpenApiSchema? Property(OpenApiSchema schema, string name) =>
        schema.Properties is { } properties && properties.TryGetValue(name, out var property) ? property as OpenApiSchema : null;

    /// <summary>Allowed values as prose, not <c>enum</c>: an unknown value is the handler's 400 naming the field, not a binder failure.</summary>
    private static void Describe(OpenApiSchema schema, string field, string description)
    {
        if (Property(schema, field) is OpenApiSchema property)
        {
            property.Description = description;
        }
    }
}
