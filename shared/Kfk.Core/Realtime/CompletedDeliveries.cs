using Microsoft.Extensions.Caching.Memory;

namespace Kfk.Core.Realtime;

/// <summary>
/// The stored messages this instance has delivered in full (recent ones, bounded). A resend of a stored message (same
/// <c>client_msg_id</c>, or a retry of the same upstream event) finds its record; when the first attempt did not get
/// through its deliveries (a failure, the event deadline), the resend delivers again. Elsewhere or later than
/// <see cref="Remembered"/>, a resend delivers again too: delivery is at least once, and clients tell a repeat by its
/// <c>seq</c>.
/// </summary>
public sealed class CompletedDeliveries : IDisposable
{
    public static readonly TimeSpan Remembered = TimeSpan.FromMinutes(10);
    public const int Capacity = 100_000;

    private readonly MemoryCache _delivered = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool Contains(string conversation, long seq) => _delivered.TryGetValue((conversation, seq), out _);

    public void Add(string conversation, long seq) =>
        _delivered.Set((conversation, seq), true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Remembered });

    public void Dispose() => _delivered.Dispose();
}
