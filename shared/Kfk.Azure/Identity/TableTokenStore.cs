using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Kfk.Core.Identity;

namespace Kfk.Azure.Identity;

/// <summary>
/// Table <c>Tokens</c>: <c>PartitionKey</c> = hex SHA-256 of the token, <c>RowKey</c> = "", the principal as JSON in
/// <c>Principal</c>, <c>ExpiresAt</c>. The token itself is never stored.
/// </summary>
public sealed class TableTokenStore(TableServiceClient tables) : ITokenStore
{
    public const string TableName = "Tokens";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task SaveAsync(string tokenHash, StoredToken token, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(tokenHash, "")
        {
            ["Principal"] = JsonSerializer.Serialize(token.Principal, Json),
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
        return JsonSerializer.Deserialize<Principal>(json, Json) is { } principal ? new StoredToken(principal, expiresAt) : null;
    }
}
