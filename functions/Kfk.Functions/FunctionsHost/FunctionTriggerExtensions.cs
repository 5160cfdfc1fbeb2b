using System.Text.Json;
using Kfk.Core.Common;
using Kfk.Functions.Hosting;

namespace Kfk.Functions.FunctionsHost;

public static class FunctionTriggerExtensions
{
    /// <summary>
    /// Maps <c>POST /{functionName}</c>, the envelope endpoint of a queue or timer trigger, reachable only by the
    /// Functions host itself (<see cref="FunctionsHostOnly"/>).
    /// </summary>
    public static RouteHandlerBuilder MapFunctionTrigger(
        this IEndpointRouteBuilder app,
        string functionName,
        Func<FunctionInvocation, IServiceProvider, CancellationToken, Task<FunctionResult>> handler) =>
        app.MapPost($"/{functionName}", async Task<IResult> (HttpContext context, CancellationToken cancellationToken) =>
        {
            FunctionInvocation? invocation;
            try
            {
                invocation = await JsonSerializer.DeserializeAsync(
                    context.Request.Body, FunctionsHostJsonContext.Default.FunctionInvocation, cancellationToken);
            }
            catch (JsonException)
            {
                invocation = null;
            }
            if (invocation is null)
            {
                return Error.Validation("invalid_envelope", "The body is not a Functions invocation envelope.").ToProblem();
            }
            var result = await handler(invocation, context.RequestServices, cancellationToken);
            return TypedResults.Json(result, FunctionsHostJsonContext.Default.FunctionResult);
        })
        .AddEndpointFilter(FunctionsHostOnly.Filter)
        .AllowAnonymous() // no caller credentials: FunctionsHostOnly admits the host alone
        .ExcludeFromDescription();
}
