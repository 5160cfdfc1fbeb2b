using Azure;

namespace Kfk.Azure.Storage;

/// <summary>
/// Optimistic concurrency, bounded: runs an attempt (read, then a conditional write) again when storage answers 409
/// (the row was inserted meanwhile) or 412 (its ETag changed), at most <c>attempts</c> times in all, after a random pause
/// that grows with each attempt (without it, writers that collided once collide again in lockstep).
/// </summary>
public static class EtagRetry
{
    public static async Task<T> RunAsync<T>(int attempts, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        for (var made = 1; ; made++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                if (made == attempts)
                {
                    throw new EtagRetryExhaustedException(attempts, ex);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 1 + (10 * made))), cancellationToken);
            }
        }
    }
}

/// <summary>Concurrent writers kept changing the row: every attempt of an <see cref="EtagRetry"/> met a conflict.</summary>
public sealed class EtagRetryExhaustedException(int attempts, RequestFailedException lastConflict)
    : Exception($"Gave up after {attempts} attempts: concurrent writers kept changing the row (last status {lastConflict.Status}).", lastConflict)
{
    public int Attempts { get; } = attempts;
}
