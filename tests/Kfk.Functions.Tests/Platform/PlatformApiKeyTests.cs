using Kfk.Functions.Platform;

namespace Kfk.Functions.Tests.Platform;

public sealed class PlatformApiKeyTests
{
    [Theory]
    [InlineData("kfk-local-platform-key", "kfk-local-platform-key", true)]
    [InlineData("kfk-local-platform-kez", "kfk-local-platform-key", false)]
    [InlineData("kfk-local-platform-key-longer", "kfk-local-platform-key", false)]
    [InlineData("KFK-LOCAL-PLATFORM-KEY", "kfk-local-platform-key", false)]
    [InlineData("", "", false)]
    public void Matches_OnlyTheExactKey(string presented, string expected, bool matches) =>
        Assert.Equal(matches, PlatformApiKey.Matches(presented, expected));
}
