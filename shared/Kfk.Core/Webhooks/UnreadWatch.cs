using Kfk.Core.Common;
using Kfk.Core.PlatformData;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kfk.Core.Webhooks;

/// <summary>
/// The hot path's side of <c>message.unread</c>: the first message of a conversation this instance has no pending check for
/// writes ONE delayed <see cref="UnreadCheck"/> (visible after the shop's delay, <see cref="WebhookOptions.UnreadAfterFor"/>)
/// and remembers the conversation for that long, so the next messages cost nothing: no table read, no queue write. The set is bounded
/// (<see cref="Capacity"/>; past it the cache compacts, oldest first, and a forgotten conversation just schedules another
/// check, which emits nothing twice). Other instances may schedule their own check of the same conversation; the event id
/// makes them one event. While no subscription wants <c>message.unread</c>, checks are scheduled sparingly (<see cref="UnreadInterest"/>).
/// </summary>
public sealed partial class UnreadWatch(IWebhookQueue queue, WebhookOptions options, TimeProvider time, UnreadInterest interest,
    ILogger<UnreadWatch>? logger = null) : IDisposable
{
    public const int Capacity = 100_000;

    private readonly MemoryCache _pending = new(new MemoryCacheOptions { SizeLimit = Capacity, Clock = new RecordCache.TimeProviderClock(time) });
    private readonly ILogger _logger = logger ?? NullLogger<UnreadWatch>.Instance;

    /// <summary>
    /// Called after a message to be read is stored and delivered, with the conversation's shop when the hot path has it
    /// (else the default delay: the check applies the shop's). A failed queue write is logged and forgotten (the message
    /// is stored and delivered already; the next message of the conversation tries again).
    /// </summary>
    public async Task MessageStoredAsync(UnreadCheck check, Shop? shop, CancellationToken cancellationToken)
    {
        if (_pending.TryGetValue(check.Conversation, out _))
        {
            return;
        }
        var delay = options.UnreadAfterFor(shop);
        if (!interest.ShouldSchedule(delay))
        {
            return;
        }
        _pending.Set(check.Conversation, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = delay });
        try
        {
            await queue.EnqueueAsync(check, delay, cancellationToken);
        }
        catch (Exception ex)
        {
            _pending.Remove(check.Conversation);
            if (ex is OperationCanceledException)
            {
                throw;
            }
            LogScheduleFailed(ex, check.Conversation);
        }
    }

    public void Dispose() => _pending.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not schedule the unread check of {Conversation}; its next message tries again")]
    private partial void LogScheduleFailed(Exception ex, string conversation);
}
