namespace Kfk.Core.Disputes;

public interface IRoomStore
{
    /// <summary>Stores the message with the room's next seq (its own <c>Seq</c> is ignored): one transaction, no read when warm.</summary>
    Task<RoomMessage> AppendAsync(RoomMessage draft, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="AppendAsync"/>, once per <paramref name="idempotencyKey"/>: a second append with the same key stores
    /// nothing and returns the first record with <c>Duplicate</c> set (same transaction; a read only on a duplicate).
    /// </summary>
    Task<(RoomMessage Message, bool Duplicate)> AppendOnceAsync(RoomMessage draft, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>The room's last seq; 0 when empty.</summary>
    Task<long> LastSeqAsync(string orderSn, CancellationToken cancellationToken);

    /// <summary>The messages with <paramref name="fromSeq"/> ≤ seq ≤ <paramref name="toSeq"/>, oldest first (one range query).</summary>
    Task<IReadOnlyList<RoomMessage>> ReadRangeAsync(string orderSn, long fromSeq, long toSeq, CancellationToken cancellationToken);
}
