using Azure.Core;
using Azure.Core.Pipeline;
using Kfk.Azure.Storage;

namespace Kfk.Azure.Tests.Storage;

public sealed class StorageRequestClassifierTests
{
    [Theory]
    [InlineData("GET", "http://127.0.0.1:10002/devstoreaccount1/Messages(PartitionKey='s%3A1%2F2',RowKey='meta')?$select=LastSeq", StorageRequestKind.TableRead, "Messages")]
    [InlineData("GET", "https://kfk.table.core.windows.net/Messages()?$filter=PartitionKey%20eq%20'p'", StorageRequestKind.TableRead, "Messages")]
    [InlineData("POST", "https://kfk.table.core.windows.net/Messages", StorageRequestKind.TableTransaction, "Messages")]
    [InlineData("PUT", "http://127.0.0.1:10002/devstoreaccount1/Messages(PartitionKey='p',RowKey='r')", StorageRequestKind.TableTransaction, "Messages")]
    [InlineData("PATCH", "https://kfk.table.core.windows.net/Messages(PartitionKey='p',RowKey='r')", StorageRequestKind.TableTransaction, "Messages")]
    [InlineData("MERGE", "https://kfk.table.core.windows.net/Messages(PartitionKey='p',RowKey='r')", StorageRequestKind.TableTransaction, "Messages")]
    [InlineData("DELETE", "https://kfk.table.core.windows.net/Messages(PartitionKey='p',RowKey='r')", StorageRequestKind.TableTransaction, "Messages")]
    [InlineData("POST", "http://127.0.0.1:10002/devstoreaccount1/Tables", StorageRequestKind.TableService, StorageRequestClassifier.AccountResource)]
    [InlineData("GET", "https://kfk.table.core.windows.net/Tables?$top=1", StorageRequestKind.TableService, StorageRequestClassifier.AccountResource)]
    [InlineData("DELETE", "https://kfk.table.core.windows.net/Tables('Messages')", StorageRequestKind.TableService, StorageRequestClassifier.AccountResource)]
    [InlineData("GET", "http://127.0.0.1:10002/devstoreaccount1/?restype=service&comp=properties", StorageRequestKind.TableService, StorageRequestClassifier.AccountResource)]
    [InlineData("GET", "https://kfk.table.core.windows.net/?restype=service&comp=stats", StorageRequestKind.TableService, StorageRequestClassifier.AccountResource)]
    [InlineData("GET", "https://kfk.table.core.windows.net/Messages?comp=acl", StorageRequestKind.TableService, StorageRequestClassifier.AccountResource)]
    [InlineData("POST", "https://kfk.table.core.windows.net/$batch", StorageRequestKind.TableTransaction, "$batch")]
    public void Table_ByMethodAndPath(string method, string url, StorageRequestKind kind, string resource) =>
        Assert.Equal(new StorageRequest(kind, resource), StorageRequestClassifier.Classify(StorageService.Tables, Request(method, url)));

    [Theory]
    [InlineData(StorageService.Blobs, "PUT", "http://127.0.0.1:10000/devstoreaccount1/media/abc/thumb", StorageRequestKind.BlobOperation, "media")]
    [InlineData(StorageService.Blobs, "POST", "https://kfk.blob.core.windows.net/?restype=service&comp=userdelegationkey", StorageRequestKind.BlobOperation, StorageRequestClassifier.AccountResource)]
    [InlineData(StorageService.Queues, "POST", "https://kfk.queue.core.windows.net/webhook-deliveries/messages", StorageRequestKind.QueueOperation, "webhook-deliveries")]
    [InlineData(StorageService.Queues, "GET", "http://127.0.0.1:10001/devstoreaccount1/?comp=list", StorageRequestKind.QueueOperation, StorageRequestClassifier.AccountResource)]
    public void BlobAndQueue_ByContainerOrQueue(StorageService service, string method, string url, StorageRequestKind kind, string resource) =>
        Assert.Equal(new StorageRequest(kind, resource), StorageRequestClassifier.Classify(service, Request(method, url)));

    private static Request Request(string method, string url)
    {
        var request = HttpClientTransport.Shared.CreateRequest();
        request.Method = RequestMethod.Parse(method);
        request.Uri.Reset(new Uri(url));
        return request;
    }
}
