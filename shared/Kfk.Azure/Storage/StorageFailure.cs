using Azure;
using Azure.Identity;

namespace Kfk.Azure.Storage;

/// <summary>
/// A storage failure told so that an operator can act on it: the HTTP status and the service's error code (found
/// inside the SDK's retry <see cref="AggregateException"/>), and what usually causes it.
/// </summary>
public sealed record StorageFailure(int Status, string ErrorCode, string Hint)
{
    public static StorageFailure Of(Exception exception)
    {
        var failure = Innermost(exception);
        return failure switch
        {
            RequestFailedException { Status: 403, ErrorCode: "AuthorizationPermissionMismatch" or "AuthorizationFailure" } denied => new(denied.Status, denied.ErrorCode!,
                "the app's identity has no data role on the storage account: assign Storage Table Data Contributor and Storage Blob Data Contributor (and Queue) to its managed identity; new role assignments take a few minutes to apply"),
            RequestFailedException { Status: 403 } forbidden => new(forbidden.Status, forbidden.ErrorCode ?? "Forbidden",
                "the storage account refused the credentials: check the account key or the managed identity, network rules (firewall, private endpoint) and the machine's clock"),
            RequestFailedException { Status: 0 } unreachable => new(0, unreachable.ErrorCode ?? "Unreachable",
                "storage did not answer: check the endpoint or connection string, DNS and network rules"),
            RequestFailedException failed => new(failed.Status, failed.ErrorCode ?? "Unknown", "the storage service refused the request"),
            AuthenticationFailedException or CredentialUnavailableException => new(0, "NoToken",
                "no Entra ID token for storage: check Kfk:Storage:ManagedIdentityClientId and that the identity is assigned to the app"),
            HttpRequestException or TimeoutException or OperationCanceledException => new(0, "Unreachable",
                "storage did not answer: check the endpoint or connection string, DNS and network rules"),
            _ => new(0, failure.GetType().Name, "unexpected failure (see the exception)"),
        };
    }

    private static Exception Innermost(Exception exception)
    {
        var current = exception;
        for (var depth = 0; depth < 8; depth++)
        {
            var next = current switch
            {
                AggregateException { InnerExceptions.Count: > 0 } aggregate => aggregate.InnerExceptions[^1],
                RequestFailedException => null,
                { InnerException: { } inner } when current is not AuthenticationFailedException and not CredentialUnavailableException => inner,
                _ => null,
            };
            if (next is null)
            {
                break;
            }
            current = next;
        }
        return current;
    }
}
