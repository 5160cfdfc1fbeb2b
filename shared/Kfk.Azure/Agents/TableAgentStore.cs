using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kfk.Azure.Storage;
using Kfk.Core.Agents;

namespace Kfk.Azure.Agents;

/// <summary>
/// Table <c>Agents</c>:
/// <list type="bullet">
/// <item><c>shop:{shopId}</c> / <c>{id:D12}</c>: the agent as JSON in <c>Data</c> (a shop's list is one partition query).</item>
/// <item><c>agent:{id}</c> / "": <c>ShopId</c>, to find an agent by id.</item>
/// <item><c>account:{lower-case account}</c> / <c>{shopId:D12}</c>: <c>AgentId</c>; inserting it claims the account in that shop.</item>
/// <item><c>counter</c> / <c>agent</c>: the last id handed out (incremented with ETag concurrency).</item>
/// </list>
/// </summary>
public sealed class TableAgentStore(TableServiceClient tables) : IAgentStore
{
    public const string TableName = "Agents";
    private const int CounterAttempts = 10;
    private static readonly TimeSpan StaleClaimAge = TimeSpan.FromMinutes(2);
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task<Agent?> CreateAsync(Func<long, Agent> create, CancellationToken cancellationToken)
    {
        var probe = create(0);
        var accountKey = AccountPartition(probe.Account);
        var shopRow = Row(probe.ShopId);
        if (!await ClaimAccountAsync(accountKey, shopRow, cancellationToken))
        {
            return null;
        }
        try
        {
            var agent = create(await NextIdAsync(cancellationToken));
            await _table.UpsertEntityAsync(new TableEntity(accountKey, shopRow) { ["AgentId"] = agent.Id }, TableUpdateMode.Replace, cancellationToken);
            await _table.UpsertEntityAsync(new TableEntity(IdPartition(agent.Id), "") { ["ShopId"] = agent.ShopId }, TableUpdateMode.Replace, cancellationToken);
            await UpdateAsync(agent, cancellationToken);
            return agent;
        }
        catch
        {
            // Release the claim so that the account can be created again (should this fail too, the claim goes stale:
            // see ClaimAccountAsync). The agent row is written last, so nothing else of a failed create is visible.
            try
            {
                await _table.DeleteEntityAsync(accountKey, shopRow, ETag.All, CancellationToken.None);
            }
            catch (RequestFailedException)
            {
            }
            throw;
        }
    }

    /// <summary>
    /// Inserts the account's claim row; false when the account exists in the shop. A claim without an agent that is older
    /// than <see cref="StaleClaimAge"/> is what a crashed create left behind: it is taken over (with its ETag).
    /// </summary>
    private async Task<bool> ClaimAccountAsync(string accountKey, string shopRow, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(accountKey, shopRow) { ["AgentId"] = 0L }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }
        NullableResponse<TableEntity> claim = await _table.GetEntityIfExistsAsync<TableEntity>(accountKey, shopRow, cancellationToken: cancellationToken);
        if (!claim.HasValue || claim.Value!.GetInt64("AgentId") is not 0 || claim.Value.Timestamp > DateTimeOffset.UtcNow - StaleClaimAge)
        {
            return false;
        }
        try
        {
            await _table.UpdateEntityAsync(new TableEntity(accountKey, shopRow) { ["AgentId"] = 0L }, claim.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    public Task UpdateAsync(Agent agent, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(ShopPartition(agent.ShopId), Row(agent.Id)) { ["Data"] = StorageJson.Agents.Write(agent) },
            TableUpdateMode.Replace, cancellationToken);

    public async Task<Agent?> FindAsync(long id, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> index = await _table.GetEntityIfExistsAsync<TableEntity>(IdPartition(id), "", ["ShopId"], cancellationToken);
        return index.HasValue && index.Value!.GetInt64("ShopId") is { } shopId ? await FindInShopAsync(shopId, id, cancellationToken) : null;
    }

    public async Task<Agent?> FindByAccountAsync(long shopId, string account, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> index = await _table.GetEntityIfExistsAsync<TableEntity>(AccountPartition(account), Row(shopId), ["AgentId"], cancellationToken);
        return index.HasValue && index.Value!.GetInt64("AgentId") is { } id and > 0 ? await FindInShopAsync(shopId, id, cancellationToken) : null;
    }

    public async Task<IReadOnlyList<long>> ShopsWithAccountAsync(string account, CancellationToken cancellationToken)
    {
        var partition = AccountPartition(account);
        var shops = new List<long>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            shops.Add(long.Parse(row.RowKey, CultureInfo.InvariantCulture));
        }
        return shops;
    }

    public async Task<IReadOnlyList<Agent>> ListAsync(long shopId, CancellationToken cancellationToken)
    {
        var partition = ShopPartition(shopId);
        var list = new List<Agent>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["Data"], cancellationToken: cancellationToken))
        {
            list.Add(StorageJson.Agents.Read(row.GetString("Data"))!);
        }
        return [.. list.OrderBy(a => a.Sort).ThenBy(a => a.Id)];
    }

    private async Task<Agent?> FindInShopAsync(long shopId, long id, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> row = await _table.GetEntityIfExistsAsync<TableEntity>(ShopPartition(shopId), Row(id), ["Data"], cancellationToken);
        return row.HasValue && row.Value!.GetString("Data") is { } data ? StorageJson.Agents.Read(data) : null;
    }

    private Task<long> NextIdAsync(CancellationToken cancellationToken) =>
        EtagRetry.RunAsync(CounterAttempts, async ct =>
        {
            // A conflict means another instance took that id: the next attempt reads the counter again.
            NullableResponse<TableEntity> counter = await _table.GetEntityIfExistsAsync<TableEntity>("counter", "agent", cancellationToken: ct);
            if (!counter.HasValue)
            {
                await _table.AddEntityAsync(new TableEntity("counter", "agent") { ["Last"] = 1L }, ct);
                return 1L;
            }
            var next = (counter.Value!.GetInt64("Last") ?? 0) + 1;
            counter.Value["Last"] = next;
            await _table.UpdateEntityAsync(counter.Value, counter.Value.ETag, TableUpdateMode.Replace, ct);
            return next;
        }, cancellationToken);

    private static string ShopPartition(long shopId) => "shop:" + shopId.ToString(CultureInfo.InvariantCulture);

    private static string IdPartition(long id) => "agent:" + id.ToString(CultureInfo.InvariantCulture);

    private static string AccountPartition(string account) => "account:" + account.ToLowerInvariant();

    private static string Row(long value) => value.ToString("D12", CultureInfo.InvariantCulture);
}
