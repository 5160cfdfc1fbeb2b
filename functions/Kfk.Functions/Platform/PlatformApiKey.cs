using System.Security.Cryptography;
using System.Text;
using Kfk.Core.Common;
using Kfk.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Platform;

/// <summary>Server-to-server authentication of the shop platform: <c>X-Kfk-Api-Key</c>, compared in constant time.</summary>
public static class PlatformApiKey
{
    public const string HeaderName = "X-Kfk-Api-Key";

    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services)
    {
        services.AddOptions<PlatformOptions>()
            .BindConfiguration(PlatformOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    public static readonly Error Missing = Error.Unauthorized("invalid_api_key", $"A valid {HeaderName} header is required.");

    /// <summary>
    /// Checked before the endpoint reads anything (<see cref="ApiCallers.UseApiCallers"/>); the filter, after binding,
    /// keeps the endpoint closed should that middleware ever be left out.
    /// </summary>
    public static TBuilder RequirePlatformApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireCaller(CallerCredentials.PlatformApiKey, Missing).AddEndpointFilter(async (context, next) =>
        {
            var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<PlatformOptions>>().Value;
            var presented = context.HttpContext.Request.Headers[HeaderName].ToString();
            return Matches(presented, options.ApiKey) ? await next(context) : Missing.ToProblem();
        });

    /// <summary>Hashing first makes the comparison constant-time whatever the lengths.</summary>
    public static bool Matches(string presented, string expected) =>
        presented.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
