using Kfk.Core.Webhooks;

namespace Kfk.Core.Tests.Webhooks;

/// <summary>Which events a subscription receives: its own list or all (<c>*</c>), and nothing while it is disabled.</summary>
public sealed class WebhookSubscriptionTests
{
    [Theory]
    [InlineData(new[] { "message.unread" }, true, true)]
    [InlineData(new[] { "*" }, true, true)]
    [InlineData(new[] { "dispute.opened" }, true, false)]
    [InlineData(new[] { "message.unread" }, false, false)]
    [InlineData(new[] { "*" }, false, false)]
    public void Wants_TheListedOrAllEvents_OnlyWhileEnabled(string[] events, bool enabled, bool wants)
    {
        var at = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var subscription = new WebhookSubscription("wh_0123456789abcdef", "https://example.test/hook", events, enabled, "whsec_x", null, null, at, at);

        Assert.Equal(wants, subscription.Wants(WebhookEventTypes.MessageUnread));
    }
}
