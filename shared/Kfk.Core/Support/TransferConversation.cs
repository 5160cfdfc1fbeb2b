using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.PlatformData;
using Kfk.Core.Presence;
using System.Globalization;
using System.Text.Json.Nodes;
using Kfk.Core.Realtime;
using Kfk.Core.Webhooks;

namespace Kfk.Core.Support;

/// <summary>
/// Transfer: the agent serving a user hands them to another enabled agent of the shop; both the user and that agent must
/// be online. A notice record (<see cref="SupportRecordType.Notice"/>, left out of the agents' history) is stored and
/// makes the new agent the assignee; the user's row moves to the new agent's list; then both are told. A retry or
/// replay of the same upstream event (the idempotency key) stores and delivers nothing again, but publishes the
/// <c>conversation.transferred</c> event again (same id: the notice's seq), in case a crash came before it.
/// </summary>
public sealed class TransferConversation(
    ISupportStore support, IAgentStore agents, IPlatformDataStore platform, IPresenceStore presence, ISupportNotifier notifier, TimeProvider time,
    IWebhookEvents? webhooks = null)
{
    /// <summary>The notice the user reads: <c>客服(新客服)为您服务</c>.</summary>
    public static string NoticeText(Agent target) => $"客服({target.Nickname})为您服务";

    public async Task<Result<AppendResult>> ExecuteAsync(SupportActor agent, long? userId, long? targetKefuId, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (agent.IsUser)
        {
            return Error.Forbidden(SupportErrors.TransferRefused, "Only an agent transfers a conversation.");
        }
        if (userId is not { } user || targetKefuId is not { } targetId)
        {
            return SupportErrors.Arguments("A transfer names the user (user_id) and the new agent (kefu_id).");
        }
        var assignee = await support.AssigneeAsync(agent.ShopId, user, cancellationToken);
        var serving = assignee == agent.Id || (assignee is null && await support.InboxEntryAsync(agent.Id, agent.ShopId, user, cancellationToken) is not null);
        if (!serving || targetId == agent.Id)
        {
            return Error.Forbidden(SupportErrors.TransferRefused, $"Only the agent serving user {user} hands them to another agent.");
        }
        var target = await agents.FindAsync(targetId, cancellationToken);
        if (target is null || target.Disabled || target.ShopId != agent.ShopId)
        {
            return Error.Validation(SupportErrors.TransferTargetInvalid, $"Agent {targetId} is not an enabled agent of this shop.", "kefu_id");
        }
        if (!await presence.IsOnlineAsync(HubNames.Likeshop, RealtimeUserIds.User(user), cancellationToken))
        {
            return Error.Conflict(SupportErrors.UserOffline, $"User {user} is not online.");
        }
        if (!await presence.IsOnlineAsync(HubNames.Likeshop, RealtimeUserIds.Kefu(target.Id), cancellationToken))
        {
            return Error.Conflict(SupportErrors.AgentOffline, $"Agent {target.Id} is not online.");
        }
        var buyer = await platform.FindBuyerAsync(user, cancellationToken);
        var now = time.GetUtcNow();
        var notice = new SupportMessage(0, agent.ShopId, user, Party.Kefu, target.Id, Party.User, user, NoticeText(target),
            SupportMessageType.Text, null, target.Nickname, target.Avatar, now, null, RecordType: SupportRecordType.Notice);
        var stored = await support.AppendAsync(notice, idempotencyKey, cancellationToken);
        if (stored.Duplicate)
        {
            await PublishAsync(stored.Message, agent.Id, target, cancellationToken);
            return stored;
        }
        var inboxUser = new InboxUser(buyer?.Nickname ?? "", buyer?.Avatar, buyer?.Client);
        var row = await support.HandOverAsync(agent.ShopId, user, agent.Id, target.Id, inboxUser, now, cancellationToken);
        await notifier.TransferredAsync(stored.Message, target, row, row.User ?? inboxUser, cancellationToken);
        await PublishAsync(stored.Message, agent.Id, target, cancellationToken);
        return stored;
    }

    private Task PublishAsync(SupportMessage notice, long fromKefuId, Agent target, CancellationToken cancellationToken)
    {
        if (webhooks is null)
        {
            return Task.CompletedTask;
        }
        var data = new JsonObject
        {
            ["shop_id"] = notice.ShopId,
            ["user_id"] = notice.UserId,
            ["from_kefu_id"] = fromKefuId,
            ["to_kefu_id"] = target.Id,
            ["to_kefu_nickname"] = target.Nickname,
            ["seq"] = notice.Seq,
            ["transferred_at"] = notice.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        }.ToJsonString();
        var key = $"{notice.ShopId}:{notice.UserId}:{notice.Seq}";
        return webhooks.PublishAsync(WebhookEvent.Of(WebhookEventTypes.ConversationTransferred, key, notice.CreatedAt, notice.ShopId, data), cancellationToken);
    }
}
