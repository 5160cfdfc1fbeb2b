using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Core.Support;

namespace Kfk.Core.Tests.Support;

public sealed class SupportSignInTests
{
    [Fact]
    public async Task ABuyer_SignsIntoAnExistingShop_AnAgentIntoItsOwn()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");
        var signIn = new SupportSignIn(world.Agents, world.Platform);

        var buyer = await signIn.ExecuteAsync(Party.User, new Principal(PrincipalKind.User, UserId: SupportScenario.UserId, Client: 6), SupportScenario.ShopId, 6, CancellationToken.None);
        var agent = await signIn.ExecuteAsync(Party.Kefu, new Principal(PrincipalKind.Kefu, KefuId: kefu.Id), null, 5, CancellationToken.None);

        Assert.Equal(new SupportActor(Party.User, SupportScenario.UserId, SupportScenario.ShopId, "Jason", "https://img.example/u.png", 6), buyer.Value);
        Assert.Equal(kefu with { Client = 5 }, agent.Value);
    }

    [Fact]
    public async Task Refusals_SayWhoIsWrong_TheCallerOrTheShopAskedFor()
    {
        var world = new SupportScenario();
        var (kefu, disabled) = (await world.KefuAsync("客服小王"), await world.KefuAsync("离线客服", disabled: true));
        var signIn = new SupportSignIn(world.Agents, world.Platform);
        var buyer = new Principal(PrincipalKind.User, UserId: SupportScenario.UserId, Client: 6);

        var refusals = new[]
        {
            await signIn.ExecuteAsync(Party.User, buyer, SupportScenario.ShopId, 3, CancellationToken.None),
            await signIn.ExecuteAsync(Party.User, buyer, 404, null, CancellationToken.None),
            await signIn.ExecuteAsync(Party.User, new Principal(PrincipalKind.User, UserId: 404), SupportScenario.ShopId, null, CancellationToken.None),
            await signIn.ExecuteAsync(Party.Kefu, new Principal(PrincipalKind.Kefu, KefuId: disabled.Id), null, null, CancellationToken.None),
            await signIn.ExecuteAsync(Party.Kefu, new Principal(PrincipalKind.Kefu, KefuId: kefu.Id), 7, null, CancellationToken.None),
            await signIn.ExecuteAsync(Party.User, new Principal(PrincipalKind.Kefu, KefuId: kefu.Id), null, null, CancellationToken.None),
            await signIn.ExecuteAsync(Party.Kefu, null, null, null, CancellationToken.None),
        };

        Assert.Equal(
            [
                (ErrorKind.Unauthorized, "token_client_mismatch"), (ErrorKind.Validation, "shop_not_found"), (ErrorKind.Unauthorized, "user_not_found"),
                (ErrorKind.Unauthorized, "agent_disabled"), (ErrorKind.Unauthorized, "agent_shop_mismatch"), (ErrorKind.Unauthorized, "token_invalid"),
                (ErrorKind.Unauthorized, "token_invalid"),
            ],
            refusals.Select(r => (r.Error!.Kind, r.Error.Code)));
    }
}
