using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Kfk.Functions.Hosting;

/// <summary>
/// Endpoint metadata: the endpoint's clients read another error shape (the likeshop envelope), and a handler of its own
/// feature answers its binding failures; <see cref="BadRequestProblems"/> leaves them alone.
/// </summary>
public sealed class OwnBadRequestShape
{
    /// <summary>True when the failed request's endpoint carries this metadata (the exception handler clears the endpoint: ask its feature).</summary>
    public static bool Applies(HttpContext context) =>
        (context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint())?.Metadata.GetMetadata<OwnBadRequestShape>() is not null;
}

/// <summary>
/// Turns the framework's request-binding failures (<see cref="BadHttpRequestException"/>: malformed JSON, a query value
/// that is not a number, a missing body, a body over the size limit) into problem+json with the exception's status and
/// the offending field in <c>field</c>, <c>errors</c> and <c>detail</c>, in every environment alike. (A content type the
/// endpoint does not accept is refused while routing, as a 415 that the status code pages turn into a problem.)
/// </summary>
public sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest || httpContext.Response.HasStarted
            || OwnBadRequestShape.Applies(httpContext))
        {
            return false;
        }
        var failure = Describe(badRequest);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = badRequest.StatusCode, Detail = failure.Detail };
        problem.Extensions["code"] = failure.Code;
        if (failure.Field is not null)
        {
            problem.Extensions["field"] = failure.Field;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [failure.Field] = [failure.Detail] };
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public sealed record Failure(string Code, string Detail, string? Field);

    private static readonly Failure MissingBody = new("missing_body", "The request body is empty; send a JSON object.", null);

    /// <summary>What went wrong, in words a client can act on, naming the field when one is at fault.</summary>
    public static Failure Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = FieldOf(json.Path);
            var where = field is null ? "The request body" : $"The request body at '{field}'";
            return new Failure("invalid_json", $"{where} is not acceptable JSON: {Clean(json.InnerException?.Message ?? json.Message)}", field);
        }
        // The framework's own messages are the only place that names the parameter (as "Type name"); here parameter
        // names are the wire names (query, route, header).
        var message = exception.Message;
        if (ImplicitBodyMissing().IsMatch(message))
        {
            return MissingBody;
        }
        if (RequiredParameterMissing().Match(message) is { Success: true } required)
        {
            var name = required.Groups["name"].Value;
            return required.Groups["source"].Value == "body" ? MissingBody : new Failure("required", $"{name} is required.", name);
        }
        if (ParameterBindingFailed().Match(message) is { Success: true } failed)
        {
            var name = failed.Groups["name"].Value;
            var value = failed.Groups["value"].Value;
            return new Failure("invalid_parameter", $"{name} has an invalid value \"{(value.Length > 64 ? value[..64] + "…" : value)}\".", name);
        }
        return new Failure(Problems.DefaultCode(exception.StatusCode), message, null);
    }

    /// <summary><c>$.goods[0].price</c> → <c>goods[0].price</c>; the root (<c>$</c>) is the body as a whole, not a field.</summary>
    public static string? FieldOf(string? path) => path switch
    {
        null or "" or "$" => null,
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ when path.StartsWith('$') => path[1..],
        _ => path,
    };

    /// <summary>The reader's message without its position suffix, and CLR type names without their namespaces.</summary>
    private static string Clean(string message)
    {
        var end = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (end < 0)
        {
            end = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }
        var text = end < 0 ? message : message[..end];
        return Namespace().Replace(text, string.Empty).Trim();
    }

    [GeneratedRegex("^Implicit body inferred for parameter \"[^\"]*\" but no body was provided")]
    private static partial Regex ImplicitBodyMissing();

    [GeneratedRegex("^Required parameter \"(?:[^\"]* )?(?<name>[^\" ]+)\" was not provided from (?<source>[a-z ]+)\\.")]
    private static partial Regex RequiredParameterMissing();

    [GeneratedRegex("^Failed to bind parameter \"(?:[^\"]* )?(?<name>[^\" ]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex ParameterBindingFailed();

    [GeneratedRegex(@"\b(?:[A-Za-z_][A-Za-z0-9_]*\.)+(?=[A-Z][A-Za-z0-9_`]*\b)")]
    private static partial Regex Namespace();
}
