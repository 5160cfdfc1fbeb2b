namespace Kfk.LocalGateway.Rest;

/// <summary>An error answer as the service gives it: a JSON <c>ErrorDetail</c> body and the <c>x-ms-error-code</c> header.</summary>
public sealed record ServiceError(int Status, string Code, string Message) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers["x-ms-error-code"] = Code;
        return Results.Json(new { code = Code, message = Message }, statusCode: Status, contentType: "application/json").ExecuteAsync(httpContext);
    }
}
