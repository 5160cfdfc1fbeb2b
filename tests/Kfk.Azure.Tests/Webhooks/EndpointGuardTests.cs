using System.Net;
using Kfk.Azure.Webhooks;
using Kfk.Core.Webhooks;

namespace Kfk.Azure.Tests.Webhooks;

public sealed class EndpointGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.20.30.40")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    public void InsideAddresses_AreForbidden(string address) => Assert.True(EndpointGuard.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    public void PublicAddresses_AreAllowed(string address) => Assert.False(EndpointGuard.IsForbidden(IPAddress.Parse(address)));

    [Fact]
    public async Task Sender_RefusesToDialALoopbackAddress_WithoutTheAllowance_AndFollowsNoRedirect()
    {
        var options = new WebhookOptions { AllowHttp = true };
        using var http = new HttpClient(HttpWebhookSender.CreateHandler(options));
        var sender = new HttpWebhookSender(http, options, TimeProvider.System);

        var outcome = await sender.SendAsync(new Uri("http://localhost:9/hook"), [WebhookSecrets.New()], "evt_1", "{}", CancellationToken.None);

        Assert.Equal(new SendOutcome(false, null, "address_refused", null), outcome);
        Assert.False(HttpWebhookSender.CreateHandler(options).AllowAutoRedirect);
    }

    [Fact]
    public void StoredSecrets_AreProtected_AndReadBackOnlyWithTheSameKey()
    {
        var secret = WebhookSecrets.New();
        var stored = new SecretProtector("key-one-0123456789").Protect(secret);

        Assert.DoesNotContain(secret[6..], stored, StringComparison.Ordinal);
        Assert.Equal(secret, new SecretProtector("key-one-0123456789").Unprotect(stored));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => new SecretProtector("key-two-0123456789").Unprotect(stored));
    }
}
