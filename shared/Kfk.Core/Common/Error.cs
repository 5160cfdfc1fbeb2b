namespace Kfk.Core.Common;

public enum ErrorKind
{
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    TooManyRequests,
    /// <summary>Nothing was wrong with the request; the service cannot take it now (overload, a dependency down). Retryable.</summary>
    Unavailable,
}

/// <summary>An expected failure: a value, not an exception. <see cref="Code"/> is stable for clients to branch on.</summary>
public sealed record Error(ErrorKind Kind, string Code, string Message, string? Field = null)
{
    public static Error Validation(string code, string message, string? field = null) => new(ErrorKind.Validation, code, message, field);
    public static Error Unauthorized(string code, string message) => new(ErrorKind.Unauthorized, code, message);
    public static Error Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);
    public static Error NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);
    public static Error Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);
    public static Error TooManyRequests(string code, string message) => new(ErrorKind.TooManyRequests, code, message);
    public static Error Unavailable(string code, string message) => new(ErrorKind.Unavailable, code, message);
}
