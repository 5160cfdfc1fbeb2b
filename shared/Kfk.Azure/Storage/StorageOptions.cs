using System.ComponentModel.DataAnnotations;

namespace Kfk.Azure.Storage;

/// <summary>
/// Where Kfk keeps its data. Locally: a connection string (Azurite). In Azure: the account name, reached with
/// <c>DefaultAzureCredential</c> (the app's managed identity); shared-key access stays off.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Kfk:Storage";

    /// <summary>A storage connection string, e.g. <c>UseDevelopmentStorage=true</c> or Azurite's explicit form.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The storage account name, used with a token credential when no connection string is given.</summary>
    public string? AccountName { get; set; }

    /// <summary>The client id of a user-assigned managed identity; empty for the system-assigned one or a developer login.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The DNS suffix of the storage endpoints (sovereign clouds differ).</summary>
    public string EndpointSuffix { get; set; } = "core.windows.net";

    /// <summary>Overrides for the service endpoints (private endpoints, custom domains).</summary>
    public Uri? TableEndpoint { get; set; }

    public Uri? BlobEndpoint { get; set; }

    public Uri? QueueEndpoint { get; set; }

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public Uri ServiceEndpoint(string service) => service switch
    {
        "table" when TableEndpoint is not null => TableEndpoint,
        "blob" when BlobEndpoint is not null => BlobEndpoint,
        "queue" when QueueEndpoint is not null => QueueEndpoint,
        _ => new Uri($"https://{AccountName}.{service}.{EndpointSuffix}"),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesConnectionString == !string.IsNullOrWhiteSpace(AccountName))
        {
            yield return new ValidationResult(
                "Set exactly one of Kfk:Storage:ConnectionString (local, Azurite) or Kfk:Storage:AccountName (Azure, managed identity).",
                [nameof(ConnectionString), nameof(AccountName)]);
        }
        if (!string.IsNullOrWhiteSpace(AccountName) && !IsValidAccountName(AccountName))
        {
            yield return new ValidationResult("Kfk:Storage:AccountName must be 3-24 lower-case letters and digits.", [nameof(AccountName)]);
        }
    }

    private static bool IsValidAccountName(string name) =>
        name.Length is >= 3 and <= 24 && name.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));
}
