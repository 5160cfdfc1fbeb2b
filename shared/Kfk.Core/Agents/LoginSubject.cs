namespace Kfk.Core.Agents;

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
