using Kfk.Core.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Hosting;

/// <summary>The one mapping from expected failures (<see cref="Error"/>) to RFC 7807 responses.</summary>
public static class Problems
{
    public static int StatusCode(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The problem for <paramref name="error"/>; <paramref name="extra"/> adds members (e.g. the current state on a 409).</summary>
    public static ProblemHttpResult ToProblem(this Error error, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Field is not null)
        {
            extensions["field"] = error.Field;
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }
        return TypedResults.Problem(detail: error.Message, statusCode: StatusCode(error.Kind), extensions: extensions);
    }

    /// <summary>Every problem carries a stable <c>code</c>; framework-made ones get one derived from the status.</summary>
    public static void AddStandardExtensions(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail ??= DefaultDetail(problem.Status ?? context.HttpContext.Response.StatusCode, context.HttpContext);
        if (!problem.Extensions.ContainsKey("code"))
        {
            problem.Extensions["code"] = context.Exception is not null || context.HttpContext.Features.Get<IExceptionHandlerFeature>() is not null
                ? "internal_error"
                : DefaultCode(problem.Status ?? context.HttpContext.Response.StatusCode);
        }
    }

    /// <summary>What the framework's bare refusals (status code pages) mean for the client.</summary>
    private static string? DefaultDetail(int status, HttpContext context) => status switch
    {
        413 => context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
            ? $"The request body is larger than {limit} bytes."
            : "The request body is too large.",
        415 => "Send the request body as JSON (Content-Type: application/json).",
        _ => null,
    };

    /// <summary>The <c>code</c> of a problem that only has a status.</summary>
    public static string DefaultCode(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        429 => "too_many_requests",
        _ => status >= 500 ? "internal_error" : "error",
    };
}
