using Kfk.Core.Common;

namespace Kfk.Core.Disputes;

/// <summary>Who acts on a dispute: the platform's backend, platform staff, a shop of the order, or the order's buyer.</summary>
public abstract record DisputeActor
{
    public sealed record Platform : DisputeActor;

    public sealed record Staff(long KefuId) : DisputeActor;

    public sealed record ShopAccount(long ShopId) : DisputeActor;

    public sealed record Buyer(string OrderSn) : DisputeActor;
}

/// <summary>The lifecycle: which action is legal in which state, and for whom.</summary>
public static class DisputeRules
{
    public static bool TryParse(string? action, out DisputeAction parsed)
    {
        (var ok, parsed) = action switch
        {
            "handle" => (true, DisputeAction.Handle),
            "refund" => (true, DisputeAction.Refund),
            "finish" => (true, DisputeAction.Finish),
            "withdraw" => (true, DisputeAction.Withdraw),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>
    /// The merchant of the order, platform staff and the platform may act (operation_authority 1); the buyer may only
    /// withdraw; resellers and suppliers only read.
    /// </summary>
    public static bool MayAct(Dispute dispute, DisputeActor actor, DisputeAction action) => actor switch
    {
        DisputeActor.Platform or DisputeActor.Staff => true,
        DisputeActor.ShopAccount shop => shop.ShopId == dispute.ShopId && action != DisputeAction.Withdraw,
        DisputeActor.Buyer buyer => buyer.OrderSn == dispute.OrderSn && action == DisputeAction.Withdraw,
        _ => false,
    };

    public static bool HasOperationAuthority(Dispute dispute, DisputeActor actor) => actor switch
    {
        DisputeActor.Platform or DisputeActor.Staff => true,
        DisputeActor.ShopAccount shop => shop.ShopId == dispute.ShopId,
        _ => false,
    };

    /// <summary>
    /// The dispute after <paramref name="action"/>, or a conflict naming the current state: handle once while open;
    /// refund once while open; finish after it was handled or refunded; withdraw while open and not refunded.
    /// </summary>
    public static Result<Dispute> Apply(Dispute dispute, DisputeAction action, DateTimeOffset now)
    {
        if (!dispute.IsOpen)
        {
            return Illegal(dispute, action);
        }
        return action switch
        {
            DisputeAction.Handle when !dispute.Handled => dispute with { Handled = true, UpdatedAt = now },
            DisputeAction.Refund when !dispute.Refunded => dispute with { Refunded = true, Handled = true, UpdatedAt = now },
            DisputeAction.Finish when dispute.Handled || dispute.Refunded => dispute with { Finished = true, UpdatedAt = now },
            DisputeAction.Withdraw when !dispute.Refunded => dispute with { Withdrawn = true, UpdatedAt = now },
            _ => Illegal(dispute, action),
        };
    }

    /// <summary>Open and past its due time, not yet marked.</summary>
    public static bool IsDueForOverdue(Dispute dispute, DateTimeOffset now) => dispute.IsOpen && !dispute.Overdue && now >= dispute.DueAt;

    private static Error Illegal(Dispute dispute, DisputeAction action) =>
        Error.Conflict("illegal_transition", $"Cannot {action.ToString().ToLowerInvariant()} a dispute that is {dispute.Status}{(dispute.Overdue ? " (overdue)" : "")}.");
}
