using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Kfk.Azure.Storage;

/// <summary>Builds the three storage service clients once; they are thread-safe and shared for the app's lifetime.</summary>
public static class StorageClientFactory
{
    public static TokenCredential CreateCredential(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = managedIdentityClientId });

    public static TableServiceClient CreateTables(StorageOptions options, TokenCredential? credential) =>
        options.UsesConnectionString
            ? new TableServiceClient(options.ConnectionString)
            : new TableServiceClient(options.ServiceEndpoint("table"), Required(credential));

    public static BlobServiceClient CreateBlobs(StorageOptions options, TokenCredential? credential) =>
        options.UsesConnectionString
            ? new BlobServiceClient(options.ConnectionString)
            : new BlobServiceClient(options.ServiceEndpoint("blob"), Required(credential));

    /// <summary>Queue messages are base64, the encoding the Functions queue trigger expects by default.</summary>
    public static QueueServiceClient CreateQueues(StorageOptions options, TokenCredential? credential)
    {
        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        return options.UsesConnectionString
            ? new QueueServiceClient(options.ConnectionString, clientOptions)
            : new QueueServiceClient(options.ServiceEndpoint("queue"), Required(credential), clientOptions);
    }

    private static TokenCredential Required(TokenCredential? credential) =>
        credential ?? throw new InvalidOperationException("A token credential is required when no connection string is configured.");
}
