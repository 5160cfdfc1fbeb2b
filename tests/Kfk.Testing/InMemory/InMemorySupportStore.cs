using Kfk.Core.Support;

namespace Kfk.Testing.InMemory;

/// <summary>
/// <see cref="ISupportStore"/> in memory, with the table store's rules: a gapless seq per conversation, duplicates by
/// client id (else the idempotency key), the summary (assignee, last chat message; notices change only the assignee),
/// read watermarks that never move back, and each agent's conversation list (rows merged field by field).
/// </summary>
public sealed class InMemorySupportStore(TimeProvider? time = null) : ISupportStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly Dictionary<(long Shop, long User), Conversation> _conversations = [];
    private readonly Dictionary<(long Kefu, long Shop, long User), InboxRow> _inbox = [];

    public Task<AppendResult> AppendAsync(SupportMessage draft, string? idempotencyKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var conversation = Get(draft.ShopId, draft.UserId, create: true)!;
            if ((draft.ClientMsgId ?? idempotencyKey) is { } key && conversation.ClientIds.TryGetValue(key, out var seq))
            {
                return Task.FromResult(new AppendResult(conversation.Records[(int)seq - 1], Duplicate: true));
            }
            var message = draft with { Seq = conversation.Records.Count + 1 };
            conversation.Records.Add(message);
            if ((draft.ClientMsgId ?? idempotencyKey) is { } newKey)
            {
                conversation.ClientIds[newKey] = message.Seq;
            }
            conversation.Assignee = message.KefuId;
            if (message.RecordType == SupportRecordType.Message)
            {
                conversation.LastMessage = message;
                var row = Row(message.KefuId, message.ShopId, message.UserId);
                (row.LastSeq, row.LastMsg, row.LastMsgType, row.LastAt, row.UnreadByKefu) = (message.Seq, Summary(message), message.MsgType, message.CreatedAt, message.FromType == Party.User);
                if (message.FromType == Party.User)
                {
                    row.Write(new InboxUser(message.FromNickname, message.FromAvatar, message.FromClient), _time.GetUtcNow());
                }
                row.WrittenAt = _time.GetUtcNow();
            }
            return Task.FromResult(new AppendResult(message, Duplicate: false));
        }
    }

    public Task TouchRelationAsync(long shopId, long userId, long kefuId, DateTimeOffset at, InboxUser user, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var row = Row(kefuId, shopId, userId);
            row.TouchedAt = at;
            row.Write(user, _time.GetUtcNow());
        }
        return Task.CompletedTask;
    }

    public Task<InboxEntry?> InboxEntryAsync(long kefuId, long shopId, long userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_inbox.TryGetValue((kefuId, shopId, userId), out var row) ? row.ToEntry(shopId, userId) : null);
        }
    }

    public Task<InboxEntry> HandOverAsync(long shopId, long userId, long fromKefuId, long toKefuId, InboxUser user, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var conversation = Get(shopId, userId);
            var row = Row(toKefuId, shopId, userId);
            row.TouchedAt = at;
            row.Write(user, _time.GetUtcNow());
            if (conversation?.LastMessage is { } last)
            {
                (row.LastSeq, row.LastMsg, row.LastMsgType, row.LastAt) = (last.Seq, Summary(last), last.MsgType, last.CreatedAt);
                row.UnreadByKefu = last.FromType == Party.User;
                row.KefuReadSeq = conversation.KefuReadSeq;
            }
            _inbox.Remove((fromKefuId, shopId, userId));
            return Task.FromResult(row.ToEntry(shopId, userId));
        }
    }

    public async Task<bool> IsCustomerAsync(long shopId, long userId, long kefuId, CancellationToken cancellationToken) =>
        await HasConversationAsync(shopId, userId, cancellationToken) || await InboxEntryAsync(kefuId, shopId, userId, cancellationToken) is not null;

    public Task<ConversationSummary?> SummaryAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Get(shopId, userId) is { } c
                ? new ConversationSummary(c.Records.Count, c.Assignee, c.LastMessage is { } m ? Summary(m) : "", c.LastMessage?.MsgType ?? SupportMessageType.Text,
                    c.LastMessage?.CreatedAt, c.LastMessage?.FromType, c.LastMessage?.Seq)
                : null);
        }
    }

    public Task<IReadOnlyList<InboxEntry>> InboxAsync(long shopId, long kefuId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<InboxEntry> rows = [.. _inbox.Where(r => r.Key.Kefu == kefuId && r.Key.Shop == shopId).Select(r => r.Value.ToEntry(r.Key.Shop, r.Key.User)).OrderByDescending(e => e.LastAt)];
            return Task.FromResult(rows);
        }
    }

    public Task MarkInboxReadAsync(long kefuId, long shopId, long userId, long upToSeq, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Row(kefuId, shopId, userId).KefuReadSeq = upToSeq;
        }
        return Task.CompletedTask;
    }

    public Task MarkReadAsync(long shopId, long userId, string reader, long upToSeq, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var conversation = Get(shopId, userId, create: true)!;
            if (reader == Party.User)
            {
                conversation.UserReadSeq = Math.Max(conversation.UserReadSeq, upToSeq);
            }
            else
            {
                conversation.KefuReadSeq = Math.Max(conversation.KefuReadSeq, upToSeq);
            }
        }
        return Task.CompletedTask;
    }

    public Task<ReadWatermarks> ReadWatermarksAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var conversation = Get(shopId, userId);
            return Task.FromResult(new ReadWatermarks(conversation?.UserReadSeq ?? 0, conversation?.KefuReadSeq ?? 0));
        }
    }

    public async Task<long?> AssigneeAsync(long shopId, long userId, CancellationToken cancellationToken) =>
        (await SummaryAsync(shopId, userId, cancellationToken))?.Assignee;

    public Task<int> CountActiveConversationsAsync(long shopId, long kefuId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_inbox.Count(r => r.Key.Kefu == kefuId && r.Key.Shop == shopId && r.Value.LastAt >= since));
        }
    }

    public Task<bool> HasConversationAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Get(shopId, userId) is { Records.Count: > 0 });
        }
    }

    public Task<long> LastSeqAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult((long)(Get(shopId, userId)?.Records.Count ?? 0));
        }
    }

    public Task<IReadOnlyList<SupportMessage>> ReadRangeAsync(long shopId, long userId, long fromSeq, long toSeq, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<SupportMessage> records = [.. (Get(shopId, userId)?.Records ?? []).Where(r => r.Seq >= fromSeq && r.Seq <= toSeq)];
            return Task.FromResult(records);
        }
    }

    /// <summary>Null for a conversation without a record (what <see cref="SummaryAsync"/> sees as none).</summary>
    private Conversation? Get(long shopId, long userId, bool create = false)
    {
        if (!_conversations.TryGetValue((shopId, userId), out var conversation) && create)
        {
            _conversations[(shopId, userId)] = conversation = new Conversation();
        }
        return conversation is { Records.Count: > 0 } || create ? conversation : null;
    }

    private InboxRow Row(long kefuId, long shopId, long userId)
    {
        if (!_inbox.TryGetValue((kefuId, shopId, userId), out var row))
        {
            _inbox[(kefuId, shopId, userId)] = row = new InboxRow { WrittenAt = _time.GetUtcNow() };
        }
        return row;
    }

    private static string Summary(SupportMessage message) =>
        message.Msg.Length <= 200 || message.MsgType == SupportMessageType.Goods ? message.Msg : message.Msg[..200];

    private sealed class Conversation
    {
        public List<SupportMessage> Records { get; } = [];
        public Dictionary<string, long> ClientIds { get; } = new(StringComparer.Ordinal);
        public long? Assignee { get; set; }
        public SupportMessage? LastMessage { get; set; }
        public long UserReadSeq { get; set; }
        public long KefuReadSeq { get; set; }
    }

    /// <summary>One row of an agent's list, each field absent until written, read back as the table store reads it.</summary>
    private sealed class InboxRow
    {
        public long? LastSeq { get; set; }
        public string? LastMsg { get; set; }
        public int? LastMsgType { get; set; }
        public DateTimeOffset? LastAt { get; set; }
        public DateTimeOffset? TouchedAt { get; set; }
        public bool? UnreadByKefu { get; set; }
        public long? KefuReadSeq { get; set; }
        public InboxUser? User { get; set; }
        public DateTimeOffset WrittenAt { get; set; }

        /// <summary>The user as the table keeps it: no avatar is an empty one; a client once known stays.</summary>
        public void Write(InboxUser user, DateTimeOffset now)
        {
            User = new InboxUser(user.Nickname, user.Avatar ?? "", user.Client ?? User?.Client);
            WrittenAt = now;
        }

        public InboxEntry ToEntry(long shopId, long userId)
        {
            var lastSeq = LastSeq ?? 0;
            var updated = LastAt > TouchedAt || TouchedAt is null ? LastAt : TouchedAt;
            var unread = UnreadByKefu == true && (KefuReadSeq ?? 0) < lastSeq;
            return new InboxEntry(shopId, userId, lastSeq, LastMsg ?? "", LastMsgType ?? SupportMessageType.Text, updated ?? WrittenAt, !unread, User);
        }
    }
}
