using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kfk.Core.Agents;
using Kfk.Core.Identity;
using Kfk.Functions.Auth;
using Kfk.Functions.Observability;

namespace Kfk.Functions.Likeshop;

/// <summary><c>/kefuapi/account/login</c> and <c>/kefuapi/account/logout</c> for the kefu workbench.</summary>
public static class KefuAccountApi
{
    public static RouteGroupBuilder MapKefuAccount(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/kefuapi/account").WithTags("likeshop kefu").DisableAntiforgery().WithLikeshopErrors()
            .RequireAuthorization(KfkPolicies.Kefu);
        group.MapPost("/login", Login).WithName("KefuLogin").WithSummary("Agent login (likeshop-compatible)").AllowAnonymous();
        group.MapPost("/logout", Logout).WithName("KefuLogout").WithSummary("Agent logout (likeshop-compatible)");
        return group;
    }

    public static async Task<IResult> Login(HttpContext context, AgentService agents, BusinessEvents events, CancellationToken cancellationToken)
    {
        var fields = await LikeshopEnvelope.ReadFieldsAsync(context.Request, cancellationToken);
        if (fields is null)
        {
            return LikeshopEnvelope.Fail("参数错误");
        }
        var login = new AgentLogin(fields.GetValueOrDefault("account"), fields.GetValueOrDefault("password"),
            Int(fields.GetValueOrDefault("type")), Int(fields.GetValueOrDefault("client")), ClientAddress(context.Connection.RemoteIpAddress));
        var result = await agents.LoginAsync(login, cancellationToken);
        if (!result.IsSuccess)
        {
            events.KefuLoginRefused(result.Error.Code, login.ClientAddress);
            return LikeshopEnvelope.Fail(result.Error.Message);
        }
        var (agent, session) = result.Value;
        events.KefuSignedIn(agent, login.Client, login.ClientAddress);
        return LikeshopEnvelope.Success(new KefuLoginData(agent.Id, agent.Nickname, agent.Avatar ?? "", agent.ShopId, agent.Account, session.Token));
    }

    /// <summary>Ends the session the <c>token</c> header carries (the kefu policy has authenticated it).</summary>
    public static async Task<IResult> Logout(HttpContext context, TokenService tokens, CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(LikeshopSession.Token(context.Request), cancellationToken);
        return LikeshopEnvelope.Success(null, "退出成功");
    }

    /// <summary>
    /// The address the lockout counts against. The peer address, which the forwarded-headers middleware has already
    /// replaced with the client's when a trusted proxy forwarded the request (see Hosting/ForwardedHeadersSetup).
    /// An IPv6 client counts by its /64 network: one subscriber usually holds a whole /64.
    /// </summary>
    public static string ClientAddress(IPAddress? peer)
    {
        if (peer is null)
        {
            return "unknown";
        }
        if (peer.IsIPv4MappedToIPv6)
        {
            return peer.MapToIPv4().ToString();
        }
        if (peer.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return peer.ToString();
        }
        var bytes = peer.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static int? Int(string? value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}

public sealed record KefuLoginData(long Id, string Nickname, string Avatar, long ShopId, string Account, string Token);
