using Kfk.Core.Common;

namespace Kfk.Core.Support;

public sealed record SyncPage(long ShopId, long UserId, long AfterSeq, IReadOnlyList<SupportMessage> Records, ReadWatermarks Read, bool More);

/// <summary>
/// Sync: the records after a seq (at most <see cref="MaxRecords"/>, oldest first), for a reconnecting client. A buyer
/// reads its own conversation with the shop; an agent names the user.
/// </summary>
public sealed class SyncConversation(ISupportStore support)
{
    public const int MaxRecords = 100;

    public async Task<Result<SyncPage>> ExecuteAsync(SupportActor reader, long? afterSeq, long? userId, CancellationToken cancellationToken)
    {
        var after = afterSeq ?? 0;
        var user = reader.IsUser ? reader.Id : userId;
        if (user is not { } conversation || after < 0)
        {
            return SupportErrors.Arguments("sync takes after_seq ≥ 0 and, from an agent, user_id.");
        }
        var last = await support.LastSeqAsync(reader.ShopId, conversation, cancellationToken);
        var upTo = Math.Min(last, after + MaxRecords);
        var records = await support.ReadRangeAsync(reader.ShopId, conversation, after + 1, upTo, cancellationToken);
        var read = await support.ReadWatermarksAsync(reader.ShopId, conversation, cancellationToken);
        return new SyncPage(reader.ShopId, conversation, after, records, read, More: upTo < last);
    }
}
