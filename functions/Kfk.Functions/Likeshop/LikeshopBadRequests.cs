using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace Kfk.Functions.Likeshop;

/// <summary>
/// Binding failures on the compatibility routes (<c>page_no=abc</c>, <c>user_id=1e3</c>, an oversize body) answer what the
/// legacy clients read: the failure envelope with HTTP 200, never a 4xx problem or a 5xx.
/// </summary>
public sealed class LikeshopBadRequests : IExceptionHandler
{
    public const string InvalidMessage = "参数错误";

    public static readonly OwnBadRequestShape Metadata = new();

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest || httpContext.Response.HasStarted
            || !OwnBadRequestShape.Applies(httpContext))
        {
            return false;
        }
        var message = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "请求内容过大" : InvalidMessage;
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        await LikeshopEnvelope.Fail(message).ExecuteAsync(httpContext);
        return true;
    }
}

public static class LikeshopRouteExtensions
{
    /// <summary>Marks compatibility routes: binding failures answer the likeshop envelope (<see cref="LikeshopBadRequests"/>).</summary>
    public static TBuilder WithLikeshopErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(LikeshopBadRequests.Metadata).ThrowGeneratedBindingFailures();
}
