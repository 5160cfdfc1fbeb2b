using System.Globalization;
using Kfk.Core.Support;

namespace Kfk.Core.Likeshop;

/// <summary>
/// What a likeshop connection keeps in its (signed) state, so that frames need no session lookup: who it is (role, id,
/// shop, nickname, avatar), its client code, and the agent serving a buyer as chat and user_online last set it.
/// </summary>
public static class LikeshopConnectionState
{
    public static Dictionary<string, string> Of(SupportActor actor)
    {
        var state = new Dictionary<string, string>
        {
            ["role"] = actor.Role,
            ["id"] = actor.Id.ToString(CultureInfo.InvariantCulture),
            ["shop"] = actor.ShopId.ToString(CultureInfo.InvariantCulture),
            ["nick"] = actor.Nickname,
            ["avatar"] = actor.Avatar ?? "",
        };
        if (actor.Client is { } client)
        {
            state["client"] = client.ToString(CultureInfo.InvariantCulture);
        }
        return state;
    }

    /// <summary>Who is on the connection; null when it never logged in.</summary>
    public static SupportActor? Actor(IReadOnlyDictionary<string, string> state) =>
        state.TryGetValue("role", out var role) && role is Party.User or Party.Kefu
        && state.TryGetValue("id", out var id) && long.TryParse(id, CultureInfo.InvariantCulture, out var idValue)
        && state.TryGetValue("shop", out var shop) && long.TryParse(shop, CultureInfo.InvariantCulture, out var shopValue)
            ? new SupportActor(role, idValue, shopValue, state.GetValueOrDefault("nick", ""), state.GetValueOrDefault("avatar") is { Length: > 0 } a ? a : null,
                state.TryGetValue("client", out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var client) ? client : null)
            : null;

    public static long? ServingKefu(IReadOnlyDictionary<string, string> state) =>
        state.TryGetValue("kefu", out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static Dictionary<string, string> WithServingKefu(IReadOnlyDictionary<string, string> state, long kefuId) =>
        new(state) { ["kefu"] = kefuId.ToString(CultureInfo.InvariantCulture) };
}
