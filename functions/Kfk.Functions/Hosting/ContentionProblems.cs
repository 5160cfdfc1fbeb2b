using Kfk.Azure.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace Kfk.Functions.Hosting;

/// <summary>
/// Concurrent writers kept one row busy (<see cref="EtagRetryExhaustedException"/>): 503 with <c>Retry-After</c>, since
/// nothing was wrong with the request and nothing of it was stored.
/// </summary>
public sealed class ContentionProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not EtagRetryExhaustedException || httpContext.Response.HasStarted)
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Detail = "Too many concurrent changes to the same record; send the request again shortly.",
        };
        problem.Extensions["code"] = "busy";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
