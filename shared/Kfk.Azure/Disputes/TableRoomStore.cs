using Azure.Data.Tables;
using Kfk.Azure.Conversations;
using Kfk.Azure.Storage;
using Kfk.Core.Disputes;

namespace Kfk.Azure.Disputes;

/// <summary>
/// Dispute rooms in table <c>Conversations</c> (the shared <see cref="ConversationLog"/>), one partition per order:
/// <c>PartitionKey</c> = <c>room:{order_sn}</c>; the log's <c>meta</c> row also keeps the last message time. A message
/// is one entity group transaction.
/// </summary>
public sealed class TableRoomStore(TableServiceClient tables) : IRoomStore
{
    private readonly ConversationLog _log = new(tables.GetTableClient(Support.TableSupportStore.ConversationsTable));

    public async Task<RoomMessage> AppendAsync(RoomMessage draft, CancellationToken cancellationToken) =>
        (await AppendOnceAsync(draft, idempotencyKey: null, cancellationToken)).Message;

    public async Task<(RoomMessage Message, bool Duplicate)> AppendOnceAsync(RoomMessage draft, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var appended = await _log.AppendAsync(Partition(draft.OrderSn), seq => new LogEntry(
            StorageJson.RoomMessages.Write(draft with { Seq = seq }),
            new Dictionary<string, object> { ["LastAt"] = draft.CreatedAt }), idempotencyKey, cancellationToken);
        return (StorageJson.RoomMessages.Read(appended.Data)!, appended.Duplicate);
    }

    public Task<long> LastSeqAsync(string orderSn, CancellationToken cancellationToken) => _log.LastSeqAsync(Partition(orderSn), cancellationToken);

    public async Task<IReadOnlyList<RoomMessage>> ReadRangeAsync(string orderSn, long fromSeq, long toSeq, CancellationToken cancellationToken) =>
        [.. (await _log.ReadRangeAsync(Partition(orderSn), fromSeq, toSeq, cancellationToken)).Select(data => StorageJson.RoomMessages.Read(data)!)];

    private static string Partition(string orderSn) => "room:" + orderSn;
}
