using System.Text.Json;
using Azure.Data.Tables;
using Kfk.Azure.Conversations;
using Kfk.Core.Disputes;

namespace Kfk.Azure.Disputes;

/// <summary>
/// Dispute rooms in table <c>Conversations</c> (the shared <see cref="ConversationLog"/>), one partition per order:
/// <c>PartitionKey</c> = <c>room:{order_sn}</c>; the log's <c>meta</c> row also keeps the last message time. A message
/// is one entity group transaction.
/// </summary>
public sealed class TableRoomStore(TableServiceClient tables) : IRoomStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConversationLog _log = new(tables.GetTableClient(Support.TableSupportStore.ConversationsTable));

    public async Task<RoomMessage> AppendAsync(RoomMessage draft, CancellationToken cancellationToken) =>
        (await AppendOnceAsync(draft, idempotencyKey: null, cancellationToken)).Message;

    public async Task<(RoomMessage Message, bool Duplicate)> AppendOnceAsync(RoomMessage draft, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var appended = await _log.AppendAsync(Partition(draft.OrderSn), seq => new LogEntry(
            JsonSerializer.Serialize(draft with { Seq = seq }, Json),
            new Dictionary<string, object> { ["LastAt"] = draft.CreatedAt }), idempotencyKey, cancellationToken);
        return (JsonSerializer.Deserialize<RoomMessage>(appended.Data, Json)!, appended.Duplicate);
    }

    public Task<long> LastSeqAsync(string orderSn, CancellationToken cancellationToken) => _log.LastSeqAsync(Partition(orderSn), cancellationToken);

    public async Task<IReadOnlyList<RoomMessage>> ReadRangeAsync(string orderSn, long fromSeq, long toSeq, CancellationToken cancellationToken) =>
        [.. (await _log.ReadRangeAsync(Partition(orderSn), fromSeq, toSeq, cancellationToken)).Select(data => JsonSerializer.Deserialize<RoomMessage>(data, Json)!)];

    private static string Partition(string orderSn) => "room:" + orderSn;
}
