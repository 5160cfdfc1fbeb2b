using System.Globalization;
using Azure.Data.Tables;
using Kfk.Core.Agents;

namespace Kfk.Azure.Agents;

/// <summary>
/// Table <c>LoginFailures</c>: <c>PartitionKey</c> = the client address, <c>RowKey</c> = inverted ticks of the failure
/// (newest first) plus a random suffix. Counting recent failures is one partition query bounded by the lockout limit.
/// </summary>
public sealed class TableLoginThrottle(TableServiceClient tables) : ILoginThrottle
{
    public const string TableName = "LoginFailures";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task<int> CountRecentFailuresAsync(string address, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var partition = Partition(address);
        var upper = RowKey(since, "~");
        var count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition && e.RowKey.CompareTo(upper) < 0,
            maxPerPage: AgentService.MaxFailedLogins, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (++count >= AgentService.MaxFailedLogins)
            {
                break;
            }
        }
        return count;
    }

    public Task RecordFailureAsync(string address, DateTimeOffset at, CancellationToken cancellationToken) =>
        _table.AddEntityAsync(new TableEntity(Partition(address), RowKey(at, Guid.NewGuid().ToString("N")[..8])), cancellationToken);

    private static string Partition(string address) => "ip:" + Uri.EscapeDataString(address);

    private static string RowKey(DateTimeOffset at, string suffix) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + suffix;
}
