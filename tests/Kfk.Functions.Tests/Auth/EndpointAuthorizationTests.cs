using Kfk.Functions.Auth;
using Kfk.Functions.Hosting;
using Kfk.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Auth;

/// <summary>
/// Every endpoint the app maps either carries exactly one authorization policy or is explicitly anonymous, and the
/// anonymous ones are exactly those listed here: a new route cannot forget its check, nor be opened in passing.
/// </summary>
public sealed class EndpointAuthorizationTests
{
    /// <summary>Routes anyone may call, each with the reason it needs no caller credentials.</summary>
    private static readonly Dictionary<string, string> Anonymous = new(StringComparer.Ordinal)
    {
        ["GET /"] = "links and the Functions host's readiness poll",
        ["GET /api/v1/health"] = "reachability probe",
        ["* /api/v1/health/live"] = "liveness probe (calls nothing, answers no detail)",
        ["* /api/v1/health/ready"] = "readiness probe for the platform's load balancer",
        ["GET /api/v1/diagnostics/counters"] = "benchmark counters, mapped only when Kfk:Diagnostics:Enabled",
        ["GET /api/v1/openapi.json"] = "the API description",
        ["GET /api/v1/reference/{documentName?}"] = "the API reference page (Scalar)",
        ["GET /api/v1/reference/scalar.js"] = "the API reference page (Scalar)",
        ["GET /api/v1/reference/scalar.aspnetcore.js"] = "the API reference page (Scalar)",
        ["GET /api/v1/reference/favicon.svg"] = "the API reference page (Scalar)",
        ["GET /media/{id}"] = "image URLs legacy clients fetch without headers",
        ["GET /media/{id}/thumb"] = "image URLs legacy clients fetch without headers",
        ["GET /media/{id}/avatar/{size:int}"] = "image URLs legacy clients fetch without headers",
        ["GET /kefuapi/chat/config"] = "what the workbench needs before login",
        ["POST /kefuapi/account/login"] = "the login itself",
        ["GET /api/index/chatConfig"] = "whether a shop offers online chat, before login",
        ["OPTIONS /api/webpubsub/hubs/{hub}"] = "Web PubSub abuse protection (origin check)",
        ["OPTIONS /api/webpubsub/hubs/{hub}/{event}"] = "Web PubSub abuse protection (origin check)",
        ["POST /api/webpubsub/hubs/{hub}"] = "Web PubSub events, authenticated by their signature",
        ["POST /api/webpubsub/hubs/{hub}/{event}"] = "Web PubSub events, authenticated by their signature",
        ["POST /DisputeSla"] = "the Functions host's timer envelope, admitted by FunctionsHostOnly",
        ["POST /WebhookDelivery"] = "the Functions host's queue envelope, admitted by FunctionsHostOnly",
    };

    private static readonly string[] LikeshopPolicies = [KfkPolicies.Kefu, KfkPolicies.Buyer];

    [Fact]
    public async Task EveryEndpoint_HasOnePolicy_OrIsExplicitlyAnonymous()
    {
        await using var app = await KfkApp.WithAzuriteAsync(new Dictionary<string, string?> { ["Kfk:Diagnostics:Enabled"] = "true" });
        using var _ = app.CreateClient();
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var failures = new List<string>();
        var anonymous = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            var name = $"{string.Join(',', methods)} {endpoint.RoutePattern.RawText}";
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                anonymous.Add(name);
                continue;
            }
            if (authorize.Count != 1 || authorize[0].Policy is not { } policy)
            {
                failures.Add($"{name}: {authorize.Count} authorization policies; want one (each policy answers its own refusal) or [AllowAnonymous]");
                continue;
            }
            if (await policies.GetPolicyAsync(policy) is null)
            {
                failures.Add($"{name}: unknown policy {policy}");
            }
            var likeshop = endpoint.Metadata.GetMetadata<OwnBadRequestShape>() is not null;
            if (likeshop != LikeshopPolicies.Contains(policy))
            {
                failures.Add($"{name}: policy {policy} on a {(likeshop ? "likeshop" : "native")} route");
            }
            if (!likeshop && endpoint.Metadata.GetMetadata<CallerRefusal>() is null)
            {
                failures.Add($"{name}: a native route without its CallerRefusal (use RequireCaller)");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(anonymous.ToHashSet().SetEquals(Anonymous.Keys),
            $"anonymous but not listed: {string.Join("; ", anonymous.Except(Anonymous.Keys))}\nlisted but not anonymous: {string.Join("; ", Anonymous.Keys.Except(anonymous))}");
        Assert.True(endpoints.Count > Anonymous.Count + 30, $"only {endpoints.Count} endpoints found");
    }
}
