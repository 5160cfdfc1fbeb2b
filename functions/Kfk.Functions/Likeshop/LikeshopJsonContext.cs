using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kfk.Functions.Likeshop;

/// <summary>
/// The <c>data</c> of every likeshop envelope (<see cref="LikeshopEnvelope.Success"/>): web defaults, snake_case, nulls
/// written. Generated code, no reflection: a <c>data</c> of a type missing here fails, in the tests as in the native app.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(KefuLoginData))]
[JsonSerializable(typeof(CustomerInfoResponse))]
[JsonSerializable(typeof(LikeshopPage<CustomerOrderResponse>))]
[JsonSerializable(typeof(LikeshopPage<JsonObject>))]
[JsonSerializable(typeof(LikeshopPage<KefuReply>))]
[JsonSerializable(typeof(List<ColleagueResponse>))]
[JsonSerializable(typeof(KefuInfoResponse))]
[JsonSerializable(typeof(WorkbenchConfigResponse))]
[JsonSerializable(typeof(LikeshopImageUpload))]
[JsonSerializable(typeof(UserChatConfig))]
[JsonSerializable(typeof(UserChatRecord))]
[JsonSerializable(typeof(UserChatKefu))]
[JsonSerializable(typeof(object[]))]
internal sealed partial class LikeshopJsonContext : JsonSerializerContext;
