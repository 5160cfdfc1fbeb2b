using Kfk.Core.Disputes;

namespace Kfk.Testing.InMemory;

/// <summary><see cref="IRoomStore"/> in memory: a gapless seq per room, once per idempotency key.</summary>
public sealed class InMemoryRoomStore : IRoomStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<RoomMessage>> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Room, string Key), long> _keys = [];

    public async Task<RoomMessage> AppendAsync(RoomMessage draft, CancellationToken cancellationToken) =>
        (await AppendOnceAsync(draft, idempotencyKey: null, cancellationToken)).Message;

    public Task<(RoomMessage Message, bool Duplicate)> AppendOnceAsync(RoomMessage draft, string? idempotencyKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var room = Room(draft.OrderSn);
            if (idempotencyKey is not null && _keys.TryGetValue((draft.OrderSn, idempotencyKey), out var seq))
            {
                return Task.FromResult((room[(int)seq - 1], true));
            }
            var message = draft with { Seq = room.Count + 1 };
            room.Add(message);
            if (idempotencyKey is not null)
            {
                _keys[(draft.OrderSn, idempotencyKey)] = message.Seq;
            }
            return Task.FromResult((message, false));
        }
    }

    public Task<long> LastSeqAsync(string orderSn, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult((long)Room(orderSn).Count);
        }
    }

    public Task<IReadOnlyList<RoomMessage>> ReadRangeAsync(string orderSn, long fromSeq, long toSeq, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<RoomMessage> messages = [.. Room(orderSn).Where(m => m.Seq >= fromSeq && m.Seq <= toSeq)];
            return Task.FromResult(messages);
        }
    }

    private List<RoomMessage> Room(string orderSn)
    {
        if (!_rooms.TryGetValue(orderSn, out var room))
        {
            _rooms[orderSn] = room = [];
        }
        return room;
    }
}
