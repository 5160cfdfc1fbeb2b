using System.Text.RegularExpressions;
using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Core.PlatformData;
using Kfk.Core.Realtime;
using Kfk.Core.Webhooks;

namespace Kfk.Core.Agents;

public sealed record CreateAgent(long? ShopId, string? Account, string? Password, string? Nickname, string? Avatar, int? Sort, string? Role);

public sealed record UpdateAgent(string? Nickname, string? Avatar, int? Sort, string? Password, bool? Disabled);

public sealed record AgentLogin(string? Account, string? Password, int? Type, int? Client, string ClientAddress);

/// <summary>Agent accounts: creation, edits, disabling (ends sessions and connections) and password login with lockout.</summary>
public sealed partial class AgentService(
    IAgentStore agents,
    IPlatformDataStore platform,
    ILoginThrottle throttle,
    TokenService tokens,
    IRealtimeHub realtime,
    TimeProvider time,
    IWebhookEvents? webhooks = null,
    IWebhookResources? resources = null)
{
    /// <summary>The likeshop rule: wrong passwords from one client address within <see cref="LockoutWindow"/> lock that address.</summary>
    public const int MaxFailedLoginsPerAddress = 15;

    /// <summary>
    /// Failures for one account name within <see cref="LockoutWindow"/>, whatever the addresses, that lock the account.
    /// Twice the address rule: one address is locked after 15, so locking an account takes at least two addresses,
    /// and a single client cannot lock an agent out of its own account.
    /// </summary>
    public const int MaxFailedLoginsPerAccount = 30;
    public static readonly TimeSpan LockoutWindow = TimeSpan.FromMinutes(30);

    public async Task<Result<Agent>> CreateAsync(CreateAgent command, CancellationToken cancellationToken)
    {
        var role = command.Role switch { null or "kefu" => AgentRole.Kefu, "admin" => AgentRole.Admin, _ => (AgentRole?)null };
        var error = PlatformDataRules.First(
            command.ShopId is null or < 0 ? Error.Validation("required", "shop_id is required (0 for the platform).", "shop_id") : null,
            command.Account is null || !AccountPattern().IsMatch(command.Account)
                ? Error.Validation("invalid_account", "account must be 3-32 characters of letters, digits, _ . @ -.", "account") : null,
            PasswordRule(command.Password),
            PlatformDataRules.Name(command.Nickname, "nickname"),
            PlatformDataRules.Url(command.Avatar, "avatar"),
            command.Sort is null or (>= 0 and <= 9999) ? null : Error.Validation("invalid_sort", "sort must be 0-9999.", "sort"),
            role is null ? Error.Validation("invalid_role", "role must be \"kefu\" or \"admin\".", "role") : null);
        if (error is not null)
        {
            return error;
        }
        if (await platform.FindShopAsync(command.ShopId!.Value, cancellationToken) is null)
        {
            return Error.Validation("shop_not_found", $"Shop {command.ShopId} does not exist; upsert it first.", "shop_id");
        }
        var now = time.GetUtcNow();
        var hash = PasswordHasher.Hash(command.Password!);
        var created = await agents.CreateAsync(id => new Agent(id, command.ShopId.Value, command.Account!, command.Nickname!.Trim(), command.Avatar,
            command.Sort ?? 0, role!.Value, false, hash, now, now), cancellationToken);
        return created is null
            ? Error.Conflict("account_taken", $"The account {command.Account} already exists in shop {command.ShopId}.")
            : created;
    }

    public async Task<Result<Agent>> UpdateAsync(long id, UpdateAgent command, CancellationToken cancellationToken)
    {
        var error = PlatformDataRules.First(
            command.Nickname is null ? null : PlatformDataRules.Name(command.Nickname, "nickname"),
            PlatformDataRules.Url(command.Avatar, "avatar"),
            command.Sort is null or (>= 0 and <= 9999) ? null : Error.Validation("invalid_sort", "sort must be 0-9999.", "sort"),
            command.Password is null ? null : PasswordRule(command.Password));
        if (error is not null)
        {
            return error;
        }
        var agent = await agents.FindAsync(id, cancellationToken);
        if (agent is null)
        {
            return Error.NotFound("kefu_not_found", $"Agent {id} does not exist.");
        }
        var edited = agent with
        {
            Nickname = command.Nickname?.Trim() ?? agent.Nickname,
            Avatar = command.Avatar ?? agent.Avatar,
            Sort = command.Sort ?? agent.Sort,
            Disabled = command.Disabled ?? agent.Disabled,
            PasswordHash = command.Password is null ? agent.PasswordHash : PasswordHasher.Hash(command.Password),
        };
        // A request that changes nothing (a retry) keeps UpdatedAt: the agent.disabled event's key derives from it.
        var updated = agent;
        if (edited != agent)
        {
            updated = edited with { UpdatedAt = time.GetUtcNow() };
            await agents.UpdateAsync(updated, cancellationToken);
        }
        // Disabling or resetting the password ends every session and open connection of that agent. Done on every
        // such request, not only on the change, so that a retried request finishes what a failed one started.
        if (command.Disabled == true || command.Password is not null)
        {
            await tokens.RevokeAllForAgentAsync(id, cancellationToken);
            foreach (var hub in HubNames.All)
            {
                await realtime.CloseUserConnectionsAsync(hub, RealtimeUserIds.Kefu(id), updated.Disabled ? "disabled" : "password changed", cancellationToken);
            }
        }
        if (command.Disabled == true && webhooks is not null && resources is not null)
        {
            // Re-derived, not stored: a retried request publishes the same event (its key is when the agent was disabled).
            var disabledAt = agent.Disabled ? agent.UpdatedAt : updated.UpdatedAt;
            await webhooks.PublishAsync(WebhookEvent.Of(WebhookEventTypes.AgentDisabled,
                $"{id}:{disabledAt.ToUnixTimeMilliseconds()}", disabledAt, updated.ShopId, resources.Agent(updated)), cancellationToken);
        }
        return updated;
    }

    /// <summary>
    /// Kefu login: <paramref name="login"/>.Type 0 = platform customer service (shop 0), 1 = a shop's.
    /// Two lockouts over <see cref="LockoutWindow"/>: <see cref="MaxFailedLoginsPerAddress"/> failures from one client
    /// address lock that address (it is told so), and <see cref="MaxFailedLoginsPerAccount"/> failures for one account
    /// name, from any addresses, lock that account. A locked account, an unknown account and a wrong password get the
    /// same answer, after at least one password-hash computation, so that nobody learns which accounts exist or are locked.
    /// </summary>
    public async Task<Result<(Agent Agent, IssuedToken Session)>> LoginAsync(AgentLogin login, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(login.Account) || string.IsNullOrEmpty(login.Password))
        {
            return Error.Validation("required", "请输入账号和密码", "account");
        }
        var now = time.GetUtcNow();
        var address = LoginSubject.Address(login.ClientAddress);
        var account = LoginSubject.Account(login.Account);
        var addressFailures = throttle.CountRecentFailuresAsync(address, now - LockoutWindow, MaxFailedLoginsPerAddress, cancellationToken);
        var accountFailures = throttle.CountRecentFailuresAsync(account, now - LockoutWindow, MaxFailedLoginsPerAccount, cancellationToken);
        await Task.WhenAll(addressFailures, accountFailures);
        if (await addressFailures >= MaxFailedLoginsPerAddress)
        {
            return Error.TooManyRequests("login_locked", "密码错误次数过多，请30分钟后再试");
        }
        var accountLocked = await accountFailures >= MaxFailedLoginsPerAccount;
        var agent = accountLocked ? NoAgent(login.Password) : await FindByPasswordAsync(login, cancellationToken);
        if (agent is null)
        {
            // Attempts on a locked account do not extend its lock: it opens when the window has passed.
            await Task.WhenAll(
                throttle.RecordFailureAsync(address, now, cancellationToken),
                accountLocked ? Task.CompletedTask : throttle.RecordFailureAsync(account, now, cancellationToken));
            return Error.Unauthorized("invalid_credentials", "账号或密码错误");
        }
        if (agent.Disabled)
        {
            return Error.Forbidden("kefu_disabled", "该客服账号已被禁用");
        }
        var shop = await platform.FindShopAsync(agent.ShopId, cancellationToken);
        if (shop is null || !shop.OnlineService)
        {
            return Error.Forbidden("online_service_off", shop?.OfflineMessage ?? "该店铺未开启在线客服");
        }
        var session = await tokens.IssueAsync(new Principal(PrincipalKind.Kefu, ShopId: agent.ShopId, KefuId: agent.Id, Client: login.Client), null, cancellationToken);
        return session.IsSuccess ? (agent, session.Value) : session.Error;
    }

    private async Task<Agent?> FindByPasswordAsync(AgentLogin login, CancellationToken cancellationToken)
    {
        // An account that cannot exist is not looked up (an arbitrary string is no valid table key).
        var shops = AccountPattern().IsMatch(login.Account!) ? await ShopsWithAccountAsync(login.Account!, login.Type, cancellationToken) : [];
        var tried = false;
        foreach (var shopId in shops)
        {
            var candidate = await agents.FindByAccountAsync(shopId, login.Account!, cancellationToken);
            if (candidate is null)
            {
                continue;
            }
            tried = true;
            if (PasswordHasher.Verify(login.Password!, candidate.PasswordHash))
            {
                return candidate;
            }
        }
        return tried ? null : NoAgent(login.Password!);
    }

    /// <summary>No agent, after the same hashing work as checking one real password.</summary>
    private static Agent? NoAgent(string password)
    {
        PasswordHasher.Verify(password, UnusedPasswordHash.Value);
        return null;
    }

    private static readonly Lazy<string> UnusedPasswordHash = new(() => PasswordHasher.Hash(Guid.NewGuid().ToString("N")));

    private async Task<IEnumerable<long>> ShopsWithAccountAsync(string account, int? type, CancellationToken cancellationToken)
    {
        var shops = await agents.ShopsWithAccountAsync(account, cancellationToken);
        return type switch
        {
            0 => shops.Where(s => s == 0),
            1 => shops.Where(s => s != 0),
            _ => shops,
        };
    }

    private static Error? PasswordRule(string? password) =>
        password is null || password.Length < 8 || password.Length > 128
            ? Error.Validation("invalid_password", "password must be 8-128 characters.", "password")
            : null;

    [GeneratedRegex("^[A-Za-z0-9_.@-]{3,32}$")]
    private static partial Regex AccountPattern();
}
