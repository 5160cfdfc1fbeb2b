using Kfk.Core.Common;

namespace Kfk.Core.Support;

/// <summary>
/// The stable codes of the support use cases' refusals (besides <see cref="MessageErrors"/>). Clients and dialects
/// branch on these; the messages are for developers.
/// </summary>
public static class SupportErrors
{
    public const string ArgumentsInvalid = "arguments_invalid";
    public const string ClientMsgIdInvalid = "client_msg_id_invalid";
    public const string RecipientInvalid = "recipient_invalid";
    public const string ShopOffline = "shop_offline";
    public const string AgentNotFound = "agent_not_found";
    public const string NotACustomer = "not_a_customer";
    public const string GoodsNotFound = "goods_not_found";
    public const string NotServing = "not_serving";
    public const string TransferRefused = "transfer_refused";
    public const string TransferTargetInvalid = "transfer_target_invalid";
    public const string UserOffline = "user_offline";
    public const string AgentOffline = "agent_offline";
    public const string BuyersOnly = "buyers_only";

    private const string ShopOfflineMessage = "The shop's online customer service is off.";

    public static Error Arguments(string message) => Error.Validation(ArgumentsInvalid, message);

    public static Error AgentMissing(long? kefuId) => Error.NotFound(AgentNotFound, $"Agent {kefuId} is not an agent of this shop.");

    public static Error NotCustomer(long userId) => Error.Forbidden(NotACustomer, $"User {userId} has not contacted this shop.");

    /// <summary>The shop's own offline message, when it has one, is the message: it is what the shop wants its buyers to read.</summary>
    public static Error ShopIsOffline(string? offlineMessage) =>
        Error.Forbidden(ShopOffline, offlineMessage is { Length: > 0 } own ? own : ShopOfflineMessage);

    /// <summary>The shop's own offline message carried by a <see cref="ShopOffline"/> refusal; null when it has none.</summary>
    public static string? OwnOfflineMessage(Error error) =>
        error.Code == ShopOffline && error.Message != ShopOfflineMessage ? error.Message : null;
}
