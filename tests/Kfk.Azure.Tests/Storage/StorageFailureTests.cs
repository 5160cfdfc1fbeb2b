using Azure;
using Azure.Identity;
using Kfk.Azure.Storage;

namespace Kfk.Azure.Tests.Storage;

/// <summary>A storage failure names its status and error code, also inside the SDK's retry AggregateException, with a hint.</summary>
public sealed class StorageFailureTests
{
    [Fact]
    public void AnRbacRefusal_InsideTheRetryAggregate_IsNamedWithARoleHint()
    {
        var refused = new RequestFailedException(403, "This request is not authorized to perform this operation using this permission.",
            "AuthorizationPermissionMismatch", null);

        var failure = StorageFailure.Of(new AggregateException("Retry failed after 4 tries.", refused));

        Assert.Equal(403, failure.Status);
        Assert.Equal("AuthorizationPermissionMismatch", failure.ErrorCode);
        Assert.Contains("Storage Table Data Contributor", failure.Hint);
    }

    [Fact]
    public void AnotherForbidden_PointsAtCredentialsAndNetworkRules()
    {
        var failure = StorageFailure.Of(new RequestFailedException(403, "Server failed to authenticate the request.", "AuthenticationFailed", null));

        Assert.Equal((403, "AuthenticationFailed"), (failure.Status, failure.ErrorCode));
        Assert.Contains("network rules", failure.Hint);
    }

    [Fact]
    public void NoAnswer_IsUnreachable()
    {
        var failure = StorageFailure.Of(new AggregateException(new RequestFailedException("Connection refused", new HttpRequestException("Connection refused"))));

        Assert.Equal((0, "Unreachable"), (failure.Status, failure.ErrorCode));
    }

    [Fact]
    public void NoManagedIdentityToken_NamesTheIdentitySetting()
    {
        var failure = StorageFailure.Of(new AggregateException(new CredentialUnavailableException("ManagedIdentityCredential authentication unavailable.")));

        Assert.Equal("NoToken", failure.ErrorCode);
        Assert.Contains("ManagedIdentityClientId", failure.Hint);
    }
}
