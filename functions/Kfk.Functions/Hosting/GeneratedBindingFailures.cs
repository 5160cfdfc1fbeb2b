using System.Globalization;
using Microsoft.AspNetCore.Http.Metadata;

namespace Kfk.Functions.Hosting;

/// <summary>
/// The request delegate generator (on with Native AOT) does not throw for a malformed optional value (<c>limit=abc</c>
/// for an <c>int?</c>): it sets 400 and runs the endpoint's filters with that status. This filter throws what
/// <c>RequestDelegateFactory</c> throws there (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/> is on), so
/// <see cref="BadRequestProblems"/> and the likeshop envelope answer it as every other binding failure, naming the field.
/// </summary>
public static class GeneratedBindingFailures
{
    public static TBuilder ThrowGeneratedBindingFailures<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(Filter);

    public static ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Response.StatusCode == StatusCodes.Status400BadRequest ? throw Failure(context.HttpContext) : next(context);

    private static BadHttpRequestException Failure(HttpContext context)
    {
        var parameters = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>() ?? [];
        foreach (var parameter in parameters.Where(p => p.HasTryParse))
        {
            var value = context.Request.RouteValues.TryGetValue(parameter.Name, out var route)
                ? Convert.ToString(route, CultureInfo.InvariantCulture)
                : context.Request.Query[parameter.Name].ToString();
            var type = parameter.ParameterInfo.ParameterType;
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            if (!string.IsNullOrEmpty(value) && !Parses(underlying, value))
            {
                var typeName = underlying.Name + (underlying == type ? "" : "?");
                return new BadHttpRequestException($"Failed to bind parameter \"{typeName} {parameter.Name}\" from \"{value}\".");
            }
        }
        return new BadHttpRequestException("A parameter has an invalid value.");
    }

    private static bool Parses(Type type, string value) =>
        type == typeof(long) ? long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        : type == typeof(int) ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        : type == typeof(bool) ? bool.TryParse(value, out _)
        : type == typeof(DateTimeOffset) ? DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        : type == typeof(Guid) ? Guid.TryParse(value, out _)
        : false; // another parsable type: when given, it is the one named
}
