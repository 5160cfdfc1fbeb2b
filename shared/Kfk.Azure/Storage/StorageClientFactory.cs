using System.Diagnostics.CodeAnalysis;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Kfk.Azure.Storage;

/// <summary>
/// Builds the storage service clients (tables, blobs, queues) once; they are thread-safe and shared for the app's lifetime. Each carries a
/// <see cref="StorageMetricsPolicy"/> per call, so every store's requests are counted without the store doing anything.
/// </summary>
public static class StorageClientFactory
{
    public static TokenCredential CreateCredential(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = managedIdentityClientId });

    /// <summary><paramref name="clientOptions"/>: transport and retry settings (tests); the metrics policy is added to them.</summary>
    /// <remarks>
    /// The stores read rows as <see cref="TableEntity"/> only, which the SDK builds with <c>Activator.CreateInstance&lt;T&gt;()</c>
    /// (its IL2091 warning, docs/deploy.md): the dependency keeps that constructor in the Native AOT binary.
    /// </remarks>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(TableEntity))]
    public static TableServiceClient CreateTables(StorageOptions options, TokenCredential? credential, TableClientOptions? clientOptions = null)
    {
        clientOptions = Counted(clientOptions ?? new TableClientOptions(), StorageService.Tables);
        return options.UsesConnectionString
            ? new TableServiceClient(options.ConnectionString, clientOptions)
            : new TableServiceClient(options.ServiceEndpoint("table"), Required(credential), clientOptions);
    }

    /// <summary><paramref name="clientOptions"/>: as for <see cref="CreateTables"/>.</summary>
    public static BlobServiceClient CreateBlobs(StorageOptions options, TokenCredential? credential, BlobClientOptions? clientOptions = null)
    {
        clientOptions = Counted(clientOptions ?? new BlobClientOptions(), StorageService.Blobs);
        return options.UsesConnectionString
            ? new BlobServiceClient(options.ConnectionString, clientOptions)
            : new BlobServiceClient(options.ServiceEndpoint("blob"), Required(credential), clientOptions);
    }

    /// <summary>Queue messages are base64, the encoding the Functions queue trigger expects by default.</summary>
    public static QueueServiceClient CreateQueues(StorageOptions options, TokenCredential? credential, QueueClientOptions? clientOptions = null)
    {
        clientOptions ??= new QueueClientOptions();
        clientOptions.MessageEncoding = QueueMessageEncoding.Base64;
        clientOptions = Counted(clientOptions, StorageService.Queues);
        return options.UsesConnectionString
            ? new QueueServiceClient(options.ConnectionString, clientOptions)
            : new QueueServiceClient(options.ServiceEndpoint("queue"), Required(credential), clientOptions);
    }

    // Per call, not per retry: see StorageMetricsPolicy for why an SDK retry does not count again.
    private static T Counted<T>(T clientOptions, StorageService service) where T : ClientOptions
    {
        clientOptions.AddPolicy(new StorageMetricsPolicy(service), HttpPipelinePosition.PerCall);
        return clientOptions;
    }

    private static TokenCredential Required(TokenCredential? credential) =>
        credential ?? throw new InvalidOperationException("A token credential is required when no connection string is configured.");
}
