using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Kfk.Core.Agents;

namespace Kfk.Azure.Agents;

/// <summary>
/// Table <c>LoginFailures</c>: <c>PartitionKey</c> = <c>ip:{client address}</c> or <c>account:{SHA-256 of the lower-case
/// account, hex}</c> (the account as typed can be any text: hashing keeps the key short and valid), <c>RowKey</c> =
/// inverted ticks of the failure (newest first) plus a random suffix. Counting recent failures is one partition query
/// that stops at the limit.
/// </summary>
public sealed class TableLoginThrottle(TableServiceClient tables) : ILoginThrottle
{
    public const string TableName = "LoginFailures";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task<int> CountRecentFailuresAsync(LoginSubject subject, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var partition = Partition(subject);
        var upper = RowKey(since, "~");
        var count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {upper}"),
            maxPerPage: limit, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (++count >= limit)
            {
                break;
            }
        }
        return count;
    }

    public Task RecordFailureAsync(LoginSubject subject, DateTimeOffset at, CancellationToken cancellationToken) =>
        _table.AddEntityAsync(new TableEntity(Partition(subject), RowKey(at, Guid.NewGuid().ToString("N")[..8])), cancellationToken);

    private static string Partition(LoginSubject subject) => subject.Kind switch
    {
        LoginSubjectKind.Address => "ip:" + Uri.EscapeDataString(subject.Value),
        _ => "account:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject.Value))),
    };

    private static string RowKey(DateTimeOffset at, string suffix) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + suffix;
}
