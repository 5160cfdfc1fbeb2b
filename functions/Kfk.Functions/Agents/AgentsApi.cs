using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Presence;
using Kfk.Core.Realtime;
using Kfk.Functions.Hosting;
using Kfk.Functions.Observability;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Agents;

/// <summary>Shop administration of agents (客服): create, edit, reset password, disable, list.</summary>
public static class AgentsApi
{
    public static RouteGroupBuilder MapAgents(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/kefu").WithTags("Agents").RequireShopAdminCaller();
        group.MapPost("/", Create).WithName("CreateAgent").WithSummary("Create an agent (kefu) account").WithDescription("Adds an agent who signs in to the workbench.");
        group.MapPatch("/{id:long}", Update).WithName("UpdateAgent").WithSummary("Change an agent").WithDescription("Only the fields sent change (nickname, avatar, sort, password, disabled).");
        group.MapGet("/", List).WithName("ListAgents").WithSummary("List a shop's agents").WithDescription("The shop's agents with their online state.");
        return group;
    }

    public static async Task<Results<Created<AgentResponse>, ProblemHttpResult>> Create(
        HttpContext context, CreateAgentRequest body, AgentService agents, CancellationToken cancellationToken)
    {
        if (await ShopAdminAccess.CheckAsync(context, body.ShopId ?? -1, cancellationToken) is var access and not AdminAccess.Allowed)
        {
            return ShopAdminAccess.Problem(access);
        }
        var created = await agents.CreateAsync(new CreateAgent(body.ShopId, body.Account, body.Password, body.Nickname, body.Avatar, body.Sort, body.Role), cancellationToken);
        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/kefu/{created.Value.Id}", AgentResponse.From(created.Value))
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> Update(
        HttpContext context, long id, UpdateAgentRequest body, AgentService agents, IAgentStore store, BusinessEvents events, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(id, cancellationToken);
        if (await ShopAdminAccess.CheckAsync(context, existing?.ShopId ?? -1, cancellationToken) is var access and not AdminAccess.Allowed)
        {
            return ShopAdminAccess.Problem(access);
        }
        var updated = await agents.UpdateAsync(id, new UpdateAgent(body.Nickname, body.Avatar, body.Sort, body.Password, body.Disabled), cancellationToken);
        if (!updated.IsSuccess)
        {
            return updated.Error.ToProblem();
        }
        if (body.Disabled is { } disabled && disabled != existing?.Disabled)
        {
            events.AgentChanged(updated.Value, disabled);
        }
        return TypedResults.Ok(AgentResponse.From(updated.Value));
    }

    public static async Task<Results<Ok<AgentListResponse>, ProblemHttpResult>> List(
        HttpContext context, long? shop_id, IAgentStore store, IPresenceStore presence, CancellationToken cancellationToken)
    {
        if (shop_id is null)
        {
            return Error.Validation("required", "shop_id is required.", "shop_id").ToProblem();
        }
        if (await ShopAdminAccess.CheckAsync(context, shop_id.Value, cancellationToken) is var access and not AdminAccess.Allowed)
        {
            return ShopAdminAccess.Problem(access);
        }
        var agents = await store.ListAsync(shop_id.Value, cancellationToken);
        var online = await presence.OnlineAmongAsync(HubNames.Likeshop, [.. agents.Select(a => RealtimeUserIds.Kefu(a.Id))], cancellationToken);
        return TypedResults.Ok(new AgentListResponse([.. agents.Select(a => AgentResponse.From(a, online.Contains(RealtimeUserIds.Kefu(a.Id))))]));
    }
}
