using System.Security.Claims;
using Kfk.Core.Common;
using Kfk.Core.Disputes;
using Kfk.Core.PlatformData;
using Kfk.Functions.Auth;
using Kfk.Functions.Hosting;
using Kfk.Functions.Observability;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Disputes;

/// <summary>
/// <c>/api/v1/disputes</c>: the platform opens disputes (API key); the platform, staff, the order's shops and its buyer
/// read them and act on them within <see cref="DisputeRules"/>.
/// </summary>
public static class DisputesApi
{
    public const int MaxListSize = 200;

    private static readonly Error OpeningNeedsThePlatform = Error.Unauthorized("unauthorized", "Opening a dispute needs the platform's X-Kfk-Api-Key.");

    private static readonly Error Unauthorized =
        Error.Unauthorized("unauthorized", "Send X-Kfk-Api-Key, or Authorization: Bearer <a staff, shop or buyer_order token>.");

    public static RouteGroupBuilder MapDisputes(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/disputes").WithTags("Disputes");
        group.MapPost("/", Open).WithName("OpenDispute").WithSummary("Open a dispute on an order").WithDescription("The platform opens a dispute (complaint) for an order's buyer.").RequireCaller(KfkPolicies.Platform, OpeningNeedsThePlatform);
        // One policy per endpoint (each answers its own refusal): the platform's route above, the callers' group here.
        var callers = group.MapGroup("").RequireCaller(KfkPolicies.DisputeCaller, Unauthorized);
        callers.MapGet("/", List).WithName("ListDisputes").WithSummary("List disputes").WithDescription("`status` = `open` | `overdue` | `closed` | `all`; shops see their own, buyers their order's.");
        callers.MapGet("/{report_id:long}", Get).WithName("GetDispute").WithSummary("Read a dispute").WithDescription("The dispute, to a caller who is part of it.");
        callers.MapPost("/{report_id:long}/actions", Act).WithName("ActOnDispute").WithSummary("Act on a dispute").WithDescription("`action` = `handle` | `refund` | `finish` | `withdraw`, as the caller's role allows; an illegal transition is 409 with the dispute as it is.");
        return group;
    }

    public static async Task<Results<Created<DisputeResponse>, ProblemHttpResult>> Open(
        OpenDisputeBody body, DisputeService service, TimeProvider time, CancellationToken cancellationToken)
    {
        var error = PlatformDataRules.First(
            body.OrderSn is null ? Error.Validation("required", "order_sn is required.", "order_sn") : PlatformDataRules.OrderSn(body.OrderSn),
            body.Amount is null ? Error.Validation("required", "amount is required.", "amount") : PlatformDataRules.Amount(body.Amount, "amount"),
            string.IsNullOrWhiteSpace(body.Reason) ? Error.Validation("required", "reason is required.", "reason") : PlatformDataRules.Text(body.Reason, "reason", 1000),
            PlatformDataRules.Text(body.CustomerContact, "customer_contact", 100),
            PlatformDataRules.Text(body.CustomerPhone, "customer_phone", 30));
        if (error is not null)
        {
            return error.ToProblem();
        }
        var opened = await service.OpenAsync(new OpenDisputeRequest(body.OrderSn!, TwoDecimals(body.Amount!), body.Reason!.Trim(),
            body.CustomerContact, body.CustomerPhone), cancellationToken);
        return opened.IsSuccess
            ? TypedResults.Created($"/api/v1/disputes/{opened.Value.ReportId}", DisputeResponse.From(opened.Value, time.GetUtcNow()))
            : opened.Error.ToProblem();
    }

    /// <summary><c>status</c> = <c>open</c> | <c>overdue</c> | <c>closed</c> | <c>all</c>; shops see their own, buyers their order's.</summary>
    public static async Task<Results<Ok<DisputeListResponse>, ProblemHttpResult>> List(
        ClaimsPrincipal user, string? status, long? shop_id, string? order_sn, int? limit, IDisputeStore disputes, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = DisputeCaller.Of(user);
        DisputeFilter? filter = status switch
        {
            null or "" or "all" => new DisputeFilter(),
            "open" => new DisputeFilter(Open: true),
            "overdue" => new DisputeFilter(Open: true, Overdue: true),
            "closed" => new DisputeFilter(Open: false),
            _ => null,
        };
        if (filter is null)
        {
            return Error.Validation("invalid_status", "status must be open, overdue, closed or all.", "status").ToProblem();
        }
        if (limit is < 1 or > MaxListSize)
        {
            return Error.Validation("invalid_limit", $"limit must be 1-{MaxListSize}.", "limit").ToProblem();
        }
        if (order_sn is not null && PlatformDataRules.OrderSn(order_sn) is { } invalidSn)
        {
            return invalidSn.ToProblem();
        }
        switch (caller)
        {
            case DisputeActor.ShopAccount shop when shop_id is { } asked && asked != shop.ShopId:
                return Error.Forbidden("not_your_shop", "A shop account lists only its own disputes.").ToProblem();
            case DisputeActor.ShopAccount shop:
                shop_id = shop.ShopId;
                break;
            case DisputeActor.Buyer buyer when order_sn is not null && order_sn != buyer.OrderSn:
                return Error.Forbidden("not_your_order", "A buyer token lists only its order's disputes.").ToProblem();
            case DisputeActor.Buyer buyer:
                order_sn = buyer.OrderSn;
                break;
        }
        var found = await disputes.ListAsync(filter with { ShopId = shop_id, OrderSn = order_sn }, limit ?? 50, cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new DisputeListResponse([.. found.Select(d => DisputeResponse.From(d, now))]));
    }

    public static async Task<Results<Ok<DisputeResponse>, ProblemHttpResult>> Get(
        ClaimsPrincipal user, long report_id, IDisputeStore disputes, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = DisputeCaller.Of(user);
        if (await disputes.FindAsync(report_id, cancellationToken) is not { Dispute: var dispute })
        {
            return NotFound(report_id);
        }
        return DisputeCaller.MayRead(caller, dispute)
            ? TypedResults.Ok(DisputeResponse.From(dispute, time.GetUtcNow()))
            : Error.Forbidden("not_involved", $"This caller is not part of dispute {report_id}.").ToProblem();
    }

    /// <summary>
    /// Applies an action (<see cref="DisputeRules.MayAct"/> refuses callers outside the order); an illegal transition is
    /// 409 with the dispute as it is (<c>dispute</c>).
    /// </summary>
    public static async Task<Results<Ok<DisputeResponse>, ProblemHttpResult>> Act(
        ClaimsPrincipal user, long report_id, DisputeActionBody body, DisputeService service, IDisputeStore disputes, TimeProvider time,
        BusinessEvents events, CancellationToken cancellationToken)
    {
        if (!DisputeRules.TryParse(body.Action, out var action))
        {
            return Error.Validation("invalid_action", "action must be handle, refund, finish or withdraw.", "action").ToProblem();
        }
        if (PlatformDataRules.Text(body.Note, "note", DisputeService.MaxNoteLength) is { } invalidNote)
        {
            return invalidNote.ToProblem();
        }
        var caller = DisputeCaller.Of(user);
        var result = await service.ActAsync(report_id, action, caller, body.Note, cancellationToken);
        var now = time.GetUtcNow();
        if (result.IsSuccess)
        {
            events.DisputeActed(result.Value, body.Action!, caller);
            return TypedResults.Ok(DisputeResponse.From(result.Value, now));
        }
        events.DisputeActionRefused(report_id, body.Action!, caller, result.Error.Code);
        if (result.Error.Kind == ErrorKind.Conflict && await disputes.FindAsync(report_id, cancellationToken) is { } latest)
        {
            return result.Error.ToProblem(new Dictionary<string, object?> { ["dispute"] = DisputeResponse.From(latest.Dispute, now) });
        }
        return result.Error.ToProblem();
    }

    private static string TwoDecimals(string amount) =>
        decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private static ProblemHttpResult NotFound(long reportId) => Error.NotFound("dispute_not_found", $"Dispute {reportId} does not exist.").ToProblem();
}
