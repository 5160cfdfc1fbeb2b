using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kfk.Azure.Storage;
using Kfk.Core.Identity;

namespace Kfk.Azure.Identity;

/// <summary>
/// Table <c>Tokens</c>:
/// <list type="bullet">
/// <item><c>PartitionKey</c> = hex SHA-256 of the token, <c>RowKey</c> = "": <c>Principal</c> (JSON), <c>ExpiresAt</c>. The token itself is never stored.</item>
/// <item><c>PartitionKey</c> = <c>agent:{kefuId}</c>, <c>RowKey</c> = the hash: an index of an agent's sessions, so that they can all be ended.</item>
/// </list>
/// </summary>
public sealed class TableTokenStore(TableServiceClient tables) : ITokenStore
{
    public const string TableName = "Tokens";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task SaveAsync(string tokenHash, StoredToken token, CancellationToken cancellationToken)
    {
        if (token.Principal.KefuId is { } kefuId)
        {
            // Index first: a session that exists is always findable for revocation.
            await _table.UpsertEntityAsync(new TableEntity(AgentPartition(kefuId), tokenHash) { ["ExpiresAt"] = token.ExpiresAt }, TableUpdateMode.Replace, cancellationToken);
        }
        var entity = new TableEntity(tokenHash, "")
        {
            ["Principal"] = StorageJson.Principals.Write(token.Principal),
            ["ExpiresAt"] = token.ExpiresAt,
        };
        await _table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<StoredToken?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> found = await _table.GetEntityIfExistsAsync<TableEntity>(tokenHash, "", ["Principal", "ExpiresAt"], cancellationToken);
        if (!found.HasValue || found.Value!.GetString("Principal") is not { } json || found.Value.GetDateTimeOffset("ExpiresAt") is not { } expiresAt)
        {
            return null;
        }
        return StorageJson.Principals.Read(json) is { } principal ? new StoredToken(principal, expiresAt) : null;
    }

    public async Task DeleteAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var found = await FindAsync(tokenHash, cancellationToken);
        await _table.DeleteEntityAsync(tokenHash, "", ETag.All, cancellationToken);
        if (found?.Principal.KefuId is { } kefuId)
        {
            await _table.DeleteEntityAsync(AgentPartition(kefuId), tokenHash, ETag.All, cancellationToken);
        }
    }

    public async Task DeleteAllForAgentAsync(long kefuId, CancellationToken cancellationToken)
    {
        var partition = AgentPartition(kefuId);
        await foreach (var index in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            await _table.DeleteEntityAsync(index.RowKey, "", ETag.All, cancellationToken);
            await _table.DeleteEntityAsync(partition, index.RowKey, ETag.All, cancellationToken);
        }
    }

    private static string AgentPartition(long kefuId) => "agent:" + kefuId.ToString(CultureInfo.InvariantCulture);
}
