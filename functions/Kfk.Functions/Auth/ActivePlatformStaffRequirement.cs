using Kfk.Core.Agents;
using Kfk.Core.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Kfk.Functions.Auth;

/// <summary>
/// A staff token (kind <c>admin</c>) counts only while its agent is still an enabled admin of shop 0: the token may
/// outlive the role. Other callers are not concerned.
/// </summary>
public sealed class ActivePlatformStaffRequirement : IAuthorizationRequirement;

public sealed class ActivePlatformStaffHandler(IAgentStore agents) : AuthorizationHandler<ActivePlatformStaffRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActivePlatformStaffRequirement requirement)
    {
        if (context.User.KfkPrincipal() is not { Kind: PrincipalKind.Admin, KefuId: { } kefuId }
            || await agents.FindAsync(kefuId, (context.Resource as HttpContext)?.RequestAborted ?? default) is { Disabled: false, IsPlatformStaff: true })
        {
            context.Succeed(requirement);
        }
    }
}
