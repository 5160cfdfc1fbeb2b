using System.Text.Json.Serialization;
using Kfk.Functions.Agents;
using Kfk.Functions.Disputes;
using Kfk.Functions.Health;
using Kfk.Functions.Media;
using Kfk.Functions.Platform;
using Kfk.Functions.QuickReplies;
using Kfk.Functions.Realtime;
using Kfk.Functions.Shops;
using Kfk.Functions.Webhooks;

namespace Kfk.Functions.Hosting;

/// <summary>
/// Every type the native API reads from a body or writes as a result, ProblemDetails extensions included: generated
/// code, no reflection (the app publishes Native AOT, where reflection-based JSON is off). A route that returns a type
/// missing here fails at run time, also in the tests (the app turns reflection-based JSON off everywhere).
/// <see cref="HostingExtensions.ConfigureKfkHosting"/> puts it first in the HTTP JSON options' resolver chain.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
// Request bodies
[JsonSerializable(typeof(CreateAgentRequest))]
[JsonSerializable(typeof(UpdateAgentRequest))]
[JsonSerializable(typeof(OpenDisputeBody))]
[JsonSerializable(typeof(DisputeActionBody))]
[JsonSerializable(typeof(UpsertShopRequest))]
[JsonSerializable(typeof(UpsertUserRequest))]
[JsonSerializable(typeof(UpsertGoodsRequest))]
[JsonSerializable(typeof(UpsertOrderRequest))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(QuickReplyRequest))]
[JsonSerializable(typeof(CustomerServiceSettingsRequest))]
[JsonSerializable(typeof(NegotiateRequest))]
[JsonSerializable(typeof(CreateWebhookRequest))]
[JsonSerializable(typeof(UpdateWebhookRequest))]
// Results
[JsonSerializable(typeof(RootApi.RootDocument))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ProbeResponse))]
[JsonSerializable(typeof(CountersResponse))]
[JsonSerializable(typeof(AgentResponse))]
[JsonSerializable(typeof(AgentListResponse))]
[JsonSerializable(typeof(DisputeResponse))]
[JsonSerializable(typeof(DisputeListResponse))]
[JsonSerializable(typeof(ShopResponse))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(GoodsResponse))]
[JsonSerializable(typeof(OrderResponse))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(QuickReplyResponse))]
[JsonSerializable(typeof(QuickReplyListResponse))]
[JsonSerializable(typeof(CustomerServiceSettings))]
[JsonSerializable(typeof(AvatarResponse))]
[JsonSerializable(typeof(UploadResponse))]
[JsonSerializable(typeof(NegotiateResponse))]
[JsonSerializable(typeof(WebhookResponse))]
[JsonSerializable(typeof(WebhookListResponse))]
[JsonSerializable(typeof(DeliveryResponse))]
[JsonSerializable(typeof(DeliveryListResponse))]
// ProblemDetails extension values (Problems, BadRequestProblems)
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
