using System.Text.Json;

namespace Kfk.Functions.Tests.Likeshop;

/// <summary>
/// The app's process-wide cost counters (<c>GET /api/v1/diagnostics/counters</c>, on with <c>Kfk:Diagnostics:Enabled</c>);
/// tests that read them run in this collection, alone.
/// </summary>
[CollectionDefinition(nameof(CostCounters), DisableParallelization = true)]
public sealed class CostCounters
{
    /// <summary>The conversation lists' table: its transactions are written behind, outside a frame's budget.</summary>
    public const string ListTable = Kfk.Azure.Support.TableSupportStore.InboxTable;

    public static async Task<JsonElement> ReadAsync(HttpClient http) =>
        JsonDocument.Parse(await http.GetStringAsync("/api/v1/diagnostics/counters")).RootElement.Clone();

    public static long TableTransactions(JsonElement counters, string table) => ByName(counters, "table_transactions_by_table", table);

    public static long QueueRequests(JsonElement counters, string queue) => ByName(counters, "queue_requests_by_queue", queue);

    private static long ByName(JsonElement counters, string property, string name) =>
        counters.GetProperty(property).TryGetProperty(name, out var count) ? count.GetInt64() : 0;
}
