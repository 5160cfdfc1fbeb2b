using Kfk.Core.Realtime;

namespace Kfk.Azure.WebPubSub.EventHandler;

/// <summary>What the handler answered to a user event: the dialect's reply and the encoded state header, if any.</summary>
public sealed record RepliedEvent(UserEventReply Reply, string? EncodedState)
{
    /// <summary>What keeping it costs, roughly: the body, the state header and a fixed overhead.</summary>
    public long Bytes => (Reply.Body?.Length ?? 0) + (EncodedState?.Length ?? 0) * 2L + 64;
}

/// <summary>
/// This instance's recently handled user events, keyed by <c>ce-connectionId</c> + <c>ce-id</c> (the service reuses the
/// id when it retries): a repeat gets the reply the first one got and the dialect sees the event once, also while the
/// first is still running. Bounded by entries and bytes; the oldest go first. A failed event is forgotten, so a retry
/// runs it again. Per instance only: across instances the dialects' stores use <see cref="UserEvent.IdempotencyKey"/>.
/// </summary>
public sealed class EventReplyCache(int maxEntries = EventReplyCache.DefaultMaxEntries, long maxBytes = EventReplyCache.DefaultMaxBytes)
{
    public const int DefaultMaxEntries = 20_000;
    public const long DefaultMaxBytes = 32L * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string ConnectionId, string EventId), Entry> _entries = [];
    private readonly LinkedList<(string ConnectionId, string EventId)> _oldestFirst = [];
    private long _bytes;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>The reply to this event: the remembered one, the one still being made, or what <paramref name="handle"/> makes.</summary>
    public Task<RepliedEvent> GetOrHandleAsync(string connectionId, string eventId, Func<Task<RepliedEvent>> handle)
    {
        var key = (connectionId, eventId);
        Entry entry;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var known))
            {
                return known.Reply.Task;
            }
            entry = new Entry(_oldestFirst.AddLast(key), (connectionId.Length + eventId.Length) * 2L + 128);
            _entries.Add(key, entry);
            _bytes += entry.Bytes;
            TrimLocked();
        }
        return HandleAsync(key, entry, handle);
    }

    private async Task<RepliedEvent> HandleAsync((string, string) key, Entry entry, Func<Task<RepliedEvent>> handle)
    {
        RepliedEvent replied;
        try
        {
            replied = await handle();
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                RemoveLocked(key, entry);
            }
            entry.Reply.SetException(ex);
            _ = entry.Reply.Task.Exception; // observed: the caller gets it below, waiters (if any) get it too
            throw;
        }
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var current) && current == entry)
            {
                entry.Bytes += replied.Bytes;
                _bytes += replied.Bytes;
                TrimLocked();
            }
        }
        entry.Reply.SetResult(replied);
        return replied;
    }

    private void TrimLocked()
    {
        while ((_entries.Count > maxEntries || _bytes > maxBytes) && _oldestFirst.First is { } oldest)
        {
            RemoveLocked(oldest.Value, _entries[oldest.Value]);
        }
    }

    private void RemoveLocked((string, string) key, Entry entry)
    {
        if (_entries.TryGetValue(key, out var current) && current == entry)
        {
            _entries.Remove(key);
            _oldestFirst.Remove(entry.Node);
            _bytes -= entry.Bytes;
        }
    }

    private sealed class Entry(LinkedListNode<(string ConnectionId, string EventId)> node, long bytes)
    {
        public LinkedListNode<(string ConnectionId, string EventId)> Node { get; } = node;

        public long Bytes { get; set; } = bytes;

        public TaskCompletionSource<RepliedEvent> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
