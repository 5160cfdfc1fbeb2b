using System.Collections.Concurrent;
using Kfk.Core.Common;

namespace Kfk.Core.Support;

/// <summary>
/// Typing: relayed to the counterpart (a buyer's agent of the shop, an agent's customer), never stored. At most one relay
/// per <see cref="Interval"/> per channel (a connection); the extra ones are dropped silently, since clients send one per
/// keystroke.
/// </summary>
public sealed class RelayTyping(ISupportStore support, SupportDirectory directory, ISupportNotifier notifier, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRelay = new(StringComparer.Ordinal);

    /// <summary>True when relayed, false when dropped by the throttle of <paramref name="channel"/>.</summary>
    public async Task<Result<bool>> ExecuteAsync(SupportActor sender, long? toId, string? toType, string channel, CancellationToken cancellationToken)
    {
        if (toId is not { } to || toType != sender.Counterpart)
        {
            return Error.Validation(SupportErrors.RecipientInvalid, $"A {sender.Role} types to a {sender.Counterpart} (to_type, to_id).", "to_id");
        }
        if (sender.IsUser && await directory.EnabledAgentAsync(sender.ShopId, to, cancellationToken) is null)
        {
            return SupportErrors.AgentMissing(to);
        }
        if (!sender.IsUser && !await support.IsCustomerAsync(sender.ShopId, to, sender.Id, cancellationToken))
        {
            return SupportErrors.NotCustomer(to);
        }
        var now = time.GetUtcNow();
        if (_lastRelay.TryGetValue(channel, out var last) && now - last < Interval)
        {
            return false;
        }
        _lastRelay[channel] = now;
        await notifier.TypingAsync(sender, to, cancellationToken);
        return true;
    }

    /// <summary>The channel has closed: its throttle goes.</summary>
    public void Forget(string channel) => _lastRelay.TryRemove(channel, out _);
}
