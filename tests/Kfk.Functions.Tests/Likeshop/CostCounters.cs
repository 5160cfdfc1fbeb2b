using System.Text.Json;
using Kfk.Testing;

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

    /// <summary>The realtime stack of one hub with the counters on.</summary>
    public static Task<RealtimeStack> StartStackAsync(string hub) =>
        RealtimeStack.StartAsync([hub], appSettings: new Dictionary<string, string?> { ["Kfk:Diagnostics:Enabled"] = "true" });

    public static async Task<JsonElement> ReadAsync(HttpClient http) =>
        JsonDocument.Parse(await http.GetStringAsync("/api/v1/diagnostics/counters")).RootElement.Clone();

    /// <summary>
    /// What the counters grew by between two readings: table transactions outside the written-behind lists, table reads,
    /// Web PubSub REST calls, and the list transactions apart.
    /// </summary>
    public static (long Transactions, long Reads, long RestCalls, long ListTransactions) Growth(JsonElement before, JsonElement after)
    {
        long Of(string counter) => after.GetProperty(counter).GetInt64() - before.GetProperty(counter).GetInt64();
        var lists = TableTransactions(after, ListTable) - TableTransactions(before, ListTable);
        return (Of("table_transactions") - lists, Of("table_reads"), Of("web_pub_sub_rest_calls"), lists);
    }

    public static long TableTransactions(JsonElement counters, string table) => ByName(counters, "table_transactions_by_table", table);

    public static long QueueRequests(JsonElement counters, string queue) => ByName(counters, "queue_requests_by_queue", queue);

    private static long ByName(JsonElement counters, string property, string name) =>
        counters.GetProperty(property).TryGetProperty(name, out var count) ? count.GetInt64() : 0;
}
