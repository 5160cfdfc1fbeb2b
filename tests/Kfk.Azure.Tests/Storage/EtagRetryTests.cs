using Azure;
using Kfk.Azure.Storage;

namespace Kfk.Azure.Tests.Storage;

public sealed class EtagRetryTests
{
    [Fact]
    public async Task Conflicts_AreRetried_UntilAnAttemptSucceeds()
    {
        var made = 0;

        var result = await EtagRetry.RunAsync(3, _ => ++made < 3 ? throw new RequestFailedException(made == 1 ? 409 : 412, "conflict") : Task.FromResult(made), CancellationToken.None);

        Assert.Equal(3, result);
        Assert.Equal(3, made);
    }

    [Fact]
    public async Task ConflictsOnEveryAttempt_GiveUpAfterTheBound_WithTheLastConflict()
    {
        var made = 0;

        var exhausted = await Assert.ThrowsAsync<EtagRetryExhaustedException>(() =>
            EtagRetry.RunAsync<int>(4, _ => throw new RequestFailedException(++made == 4 ? 412 : 409, "conflict"), CancellationToken.None));

        Assert.Equal(4, made);
        Assert.Equal(4, exhausted.Attempts);
        Assert.Equal(412, Assert.IsType<RequestFailedException>(exhausted.InnerException).Status);
        Assert.Contains("4 attempts", exhausted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherFailures_AreNotRetried()
    {
        var made = 0;

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() =>
            EtagRetry.RunAsync<int>(5, _ => { made++; throw new RequestFailedException(404, "gone"); }, CancellationToken.None));

        Assert.Equal(404, failure.Status);
        Assert.Equal(1, made);
    }
}
