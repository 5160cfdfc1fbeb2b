namespace Kfk.Core.Agents;

/// <summary>Failed logins per client address and per account, for the lockout rules.</summary>
public interface ILoginThrottle
{
    /// <summary>The failures recorded for <paramref name="subject"/> since <paramref name="since"/>, counted up to <paramref name="limit"/>.</summary>
    Task<int> CountRecentFailuresAsync(LoginSubject subject, DateTimeOffset since, int limit, CancellationToken cancellationToken);

    Task RecordFailureAsync(LoginSubject subject, DateTimeOffset at, CancellationToken cancellationToken);
}
