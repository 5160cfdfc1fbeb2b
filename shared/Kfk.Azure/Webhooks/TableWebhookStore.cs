using Azure;
using Azure.Data.Tables;
using Kfk.Core.Webhooks;

namespace Kfk.Azure.Webhooks;

/// <summary>
/// Table <c>Webhooks</c>: <c>subscription</c> / <c>{id}</c>, the subscriptions (secrets protected by <see cref="SecretProtector"/>).
/// Table <c>WebhookDeliveries</c>: <c>{subscription id}</c> / <c>{event id}</c>, one row per event per subscription: the
/// body as first sent, the status and what the last attempt got.
/// </summary>
public sealed class TableWebhookStore(TableServiceClient tables, SecretProtector secrets) : IWebhookStore
{
    public const string SubscriptionsTable = "Webhooks";
    public const string DeliveriesTable = "WebhookDeliveries";
    private const string SubscriptionPartition = "subscription";

    /// <summary>Listing reads at most this many rows of one subscription (bounded time and memory).</summary>
    private const int MaxScannedDeliveries = 5000;

    private readonly TableClient _subscriptions = tables.GetTableClient(SubscriptionsTable);
    private readonly TableClient _deliveries = tables.GetTableClient(DeliveriesTable);

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<WebhookSubscription>();
        await foreach (var row in _subscriptions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SubscriptionPartition}"), cancellationToken: cancellationToken))
        {
            found.Add(ToSubscription(row));
        }
        return found;
    }

    public async Task<WebhookSubscription?> FindAsync(string id, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> row = await _subscriptions.GetEntityIfExistsAsync<TableEntity>(SubscriptionPartition, id, cancellationToken: cancellationToken);
        return row.HasValue ? ToSubscription(row.Value!) : null;
    }

    public Task SaveAsync(WebhookSubscription subscription, CancellationToken cancellationToken) =>
        _subscriptions.UpsertEntityAsync(new TableEntity(SubscriptionPartition, subscription.Id)
        {
            ["Url"] = subscription.Url,
            ["Events"] = string.Join(',', subscription.Events),
            ["Enabled"] = subscription.Enabled,
            ["Secret"] = secrets.Protect(subscription.Secret),
            ["PreviousSecret"] = subscription.PreviousSecret is { } previous ? secrets.Protect(previous) : null,
            ["PreviousSecretExpiresAt"] = subscription.PreviousSecretExpiresAt,
            ["CreatedAt"] = subscription.CreatedAt,
            ["UpdatedAt"] = subscription.UpdatedAt,
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _subscriptions.DeleteEntityAsync(SubscriptionPartition, id, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public async Task<bool> AddDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await _deliveries.AddEntityAsync(ToRow(delivery), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<WebhookDelivery?> FindDeliveryAsync(string subscriptionId, string eventId, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> row = await _deliveries.GetEntityIfExistsAsync<TableEntity>(subscriptionId, eventId, cancellationToken: cancellationToken);
        return row.HasValue ? ToDelivery(row.Value!) : null;
    }

    public Task SaveDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken) =>
        _deliveries.UpsertEntityAsync(ToRow(delivery), TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string subscriptionId, string? status, int limit, CancellationToken cancellationToken)
    {
        var filter = status is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {subscriptionId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {subscriptionId} and Status eq {status}");
        var found = new List<WebhookDelivery>();
        await foreach (var row in _deliveries.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(ToDelivery(row));
            if (found.Count == MaxScannedDeliveries)
            {
                break;
            }
        }
        return [.. found.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.EventId, StringComparer.Ordinal).Take(limit)];
    }

    private WebhookSubscription ToSubscription(TableEntity row) => new(
        row.RowKey,
        row.GetString("Url"),
        row.GetString("Events") is { Length: > 0 } events ? events.Split(',') : [],
        row.GetBoolean("Enabled") ?? false,
        secrets.Unprotect(row.GetString("Secret")),
        row.GetString("PreviousSecret") is { } previous ? secrets.Unprotect(previous) : null,
        row.GetDateTimeOffset("PreviousSecretExpiresAt"),
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetDateTimeOffset("UpdatedAt") ?? default);

    private static TableEntity ToRow(WebhookDelivery d) => new(d.SubscriptionId, d.EventId)
    {
        ["Type"] = d.Type,
        ["Body"] = d.Body,
        ["Status"] = d.Status,
        ["Attempts"] = d.Attempts,
        ["CreatedAt"] = d.CreatedAt,
        ["NextAttemptAt"] = d.NextAttemptAt,
        ["FirstAttemptAt"] = d.FirstAttemptAt,
        ["LastAttemptAt"] = d.LastAttemptAt,
        ["LastStatusCode"] = d.LastStatusCode,
        ["LastError"] = d.LastError,
        ["LastResponseExcerpt"] = d.LastResponseExcerpt,
    };

    private static WebhookDelivery ToDelivery(TableEntity row) => new(
        row.PartitionKey,
        row.RowKey,
        row.GetString("Type"),
        row.GetString("Body"),
        row.GetString("Status"),
        row.GetInt32("Attempts") ?? 0,
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetDateTimeOffset("NextAttemptAt") ?? default,
        row.GetDateTimeOffset("FirstAttemptAt"),
        row.GetDateTimeOffset("LastAttemptAt"),
        row.GetInt32("LastStatusCode"),
        row.GetString("LastError"),
        row.GetString("LastResponseExcerpt"));
}
