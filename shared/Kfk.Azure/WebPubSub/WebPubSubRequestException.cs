using System.Net;

namespace Kfk.Azure.WebPubSub;

/// <summary>The service answered a data-plane call with a status the operation does not define as success.</summary>
public sealed class WebPubSubRequestException(string operation, HttpStatusCode status, string? errorCode)
    : Exception($"Web PubSub {operation} failed with {(int)status}{(errorCode is null ? "" : " " + errorCode)}.")
{
    public string Operation { get; } = operation;

    public HttpStatusCode Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;
}
