using System.Security.Claims;
using Kfk.Core.Identity;
using Kfk.Functions.Auth;

namespace Kfk.Functions.Tests.Auth;

public sealed class KfkClaimsTests
{
    public static TheoryData<Principal> Principals() =>
    [
        new Principal(PrincipalKind.User, UserId: 12, Client: 6),
        new Principal(PrincipalKind.BuyerOrder, OrderSn: "kfk666"),
        new Principal(PrincipalKind.Shop, ShopId: 105),
        new Principal(PrincipalKind.Kefu, ShopId: 105, KefuId: 7),
        new Principal(PrincipalKind.Admin, ShopId: 0, KefuId: 9_000_000_000_001),
    ];

    [Theory]
    [MemberData(nameof(Principals))]
    public void TokenPrincipal_RoundTripsThroughItsClaims(Principal principal)
    {
        var user = KfkClaims.For(principal, KfkSchemes.Bearer);

        Assert.True(user.Identity?.IsAuthenticated);
        Assert.Equal(principal, user.KfkPrincipal());
        Assert.False(user.IsPlatform());
    }

    [Fact]
    public void Platform_IsNoTokenPrincipal()
    {
        var platform = KfkClaims.Platform(KfkSchemes.PlatformKey);

        Assert.True(platform.IsPlatform());
        Assert.Null(platform.KfkPrincipal());
        Assert.Throws<InvalidOperationException>(() => platform.RequiredKfkPrincipal());
    }

    [Fact]
    public void Anonymous_IsNeitherPlatformNorPrincipal()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());

        Assert.False(anonymous.IsPlatform());
        Assert.Null(anonymous.KfkPrincipal());
    }

    [Theory]
    [InlineData(PrincipalKind.User, "user")]
    [InlineData(PrincipalKind.BuyerOrder, "buyer_order")]
    [InlineData(PrincipalKind.Shop, "shop")]
    [InlineData(PrincipalKind.Kefu, "kefu")]
    [InlineData(PrincipalKind.Admin, "admin")]
    public void Kind_IsNamedAsTheTokensApiNamesIt(PrincipalKind kind, string name) => Assert.Equal(name, KfkClaims.KindOf(kind));
}
