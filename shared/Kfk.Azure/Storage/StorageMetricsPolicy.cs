using Azure.Core;
using Azure.Core.Pipeline;

namespace Kfk.Azure.Storage;

/// <summary>
/// Counts each request a storage client sends in <see cref="StorageMetrics"/>. Added at
/// <see cref="HttpPipelinePosition.PerCall"/>, before the SDK's retry policy, so it sees every logical request once: a
/// request the SDK resends after a timeout, throttling or a server error counts once. That is deliberate: the counts
/// measure what the code asks of storage, so the cost budgets depend on the code path alone, not on the network.
/// A request counts whether it succeeds or fails (a 404 point read, a 412 conditional update): each reached storage.
/// Retries the code makes itself (<see cref="EtagRetry"/>) are new requests and count again.
/// </summary>
public sealed class StorageMetricsPolicy(StorageService service) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) =>
        StorageMetrics.Record(StorageRequestClassifier.Classify(service, message.Request));
}
