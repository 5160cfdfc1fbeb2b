namespace Kfk.Core.Agents;

/// <summary>Failed logins per client address and per account, for the lockout rules.</summary>
public interface ILoginThrottle
{
    /// <summary>The failures recorded for <paramref name="subject"/> since <paramref name="since"/>, counted up to <paramref name="limit"/>.</summary>
    Task<int> CountRecentFailuresAsync(LoginSubject subject, DateTimeOffset since, int limit, CancellationToken cancellationToken);

    Task RecordFailureAsync(LoginSubject subject, DateTimeOffset at, CancellationToken cancellationToken);
}

public enum LoginSubjectKind
{
    Address,
    Account,
}

/// <summary>What a failed login counts against: the client address, or the account name (lower case, as accounts are looked up).</summary>
public readonly record struct LoginSubject(LoginSubjectKind Kind, string Value)
{
    public static LoginSubject Address(string address) => new(LoginSubjectKind.Address, address);

    public static LoginSubject Account(string account) => new(LoginSubjectKind.Account, account.ToLowerInvariant());
}
