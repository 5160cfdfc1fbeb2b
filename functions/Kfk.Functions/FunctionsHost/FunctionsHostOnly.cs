namespace Kfk.Functions.FunctionsHost;

/// <summary>
/// Keeps envelope endpoints away from the public. With <c>enableProxyingHttpRequest</c> the catch-all HTTP function
/// forwards every public path, <c>/{FunctionName}</c> included, through YARP, which always adds
/// <c>X-Forwarded-For</c>/<c>-Proto</c>/<c>-Host</c>. The host's own envelope calls carry
/// <c>X-Azure-Functions-InvocationId</c> and none of those. A request that fails this test is answered 404, as if
/// the route did not exist.
/// </summary>
public static class FunctionsHostOnly
{
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    private static readonly string[] ProxyHeaders =
        ["X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix", "X-Original-For", "X-Original-Host", "X-Original-Proto", "Forwarded"];

    public static bool IsFromFunctionsHost(HttpRequest request) =>
        request.Headers.ContainsKey(InvocationIdHeader)
        && !ProxyHeaders.Any(request.Headers.ContainsKey)
        && request.HttpContext.Connection.RemoteIpAddress is { } remote
        && System.Net.IPAddress.IsLoopback(remote);

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        IsFromFunctionsHost(context.HttpContext.Request)
            ? await next(context)
            : TypedResults.NotFound();
}
