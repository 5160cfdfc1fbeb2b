using Kfk.Functions.Likeshop;
using Kfk.Functions.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kfk.Functions.Auth;

/// <summary>
/// The document's security schemes (one per <see cref="KfkSchemes"/> credential) and each operation's requirement, read
/// from its authorization policy: alternatives for a policy that accepts either credential, none for anonymous ones.
/// </summary>
public static class OpenApiSecurity
{
    private static readonly Dictionary<string, string[]> CredentialsOf = new(StringComparer.Ordinal)
    {
        [KfkSchemes.PlatformKey] = [KfkSchemes.PlatformKey],
        [KfkSchemes.Bearer] = [KfkSchemes.Bearer],
        [KfkSchemes.PlatformKeyOrBearer] = [KfkSchemes.PlatformKey, KfkSchemes.Bearer],
        [KfkSchemes.LikeshopToken] = [KfkSchemes.LikeshopToken],
    };

    public static OpenApiOptions AddKfkSecurity(this OpenApiOptions options) => options
        .AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                [KfkSchemes.PlatformKey] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = PlatformApiKey.HeaderName,
                    Description = "The shop platform's API key (server to server).",
                },
                [KfkSchemes.Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "kfk_…",
                    Description = "A Kfk token: minted by the platform (POST /api/v1/tokens) or an agent's session.",
                },
                [KfkSchemes.LikeshopToken] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = LikeshopSession.TokenHeader,
                    Description = "The likeshop clients' session (a Kfk token); refused: {\"code\":-1,…} with HTTP 200.",
                },
            };
            return Task.CompletedTask;
        })
        .AddOperationTransformer(async (operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = []; // Explicitly none, so a generator does not guess.
                return;
            }
            var policies = context.ApplicationServices.GetRequiredService<IAuthorizationPolicyProvider>();
            foreach (var policyName in metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>())
            {
                var policy = await policies.GetPolicyAsync(policyName);
                foreach (var credential in policy?.AuthenticationSchemes.SelectMany(s => CredentialsOf.GetValueOrDefault(s) ?? []) ?? [])
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(credential, context.Document)] = [] });
                }
            }
        });
}
