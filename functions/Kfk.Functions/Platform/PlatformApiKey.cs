using System.Security.Cryptography;
using System.Text;
using Kfk.Core.Common;
using Kfk.Functions.Auth;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Platform;

/// <summary>Server-to-server authentication of the shop platform: <c>X-Kfk-Api-Key</c>, compared in constant time.</summary>
public static class PlatformApiKey
{
    public const string HeaderName = "X-Kfk-Api-Key";

    /// <summary>The platform's key (<c>Kfk:Platform:ApiKey</c>), required at start.</summary>
    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services)
    {
        services.AddOptions<PlatformOptions>()
            .BindConfiguration(PlatformOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformOptions>, PlatformOptionsValidator>());
        return services;
    }

    public static readonly Error Missing = Error.Unauthorized("invalid_api_key", $"A valid {HeaderName} header is required.");

    /// <summary>Only the platform may call (<see cref="KfkPolicies.Platform"/>).</summary>
    public static TBuilder RequirePlatformApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireCaller(KfkPolicies.Platform, Missing);

    /// <summary>Hashing first makes the comparison constant-time whatever the lengths.</summary>
    public static bool Matches(string presented, string expected) =>
        presented.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
