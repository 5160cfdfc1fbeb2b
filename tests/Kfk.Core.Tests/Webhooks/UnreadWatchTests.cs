using Kfk.Core.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Kfk.Core.Tests.Webhooks;

/// <summary>
/// The hot path's unread watch schedules one delayed check per conversation and window, and none while this instance
/// knows (from a recent look at the subscriptions) that no webhook wants <c>message.unread</c>.
/// </summary>
public sealed class UnreadWatchTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly CountingQueue _queue = new();
    private readonly UnreadInterest _interest;
    private readonly UnreadWatch _watch;

    public UnreadWatchTests()
    {
        _interest = new UnreadInterest(_time);
        _watch = new UnreadWatch(_queue, new WebhookOptions(), _time, _interest);
    }

    [Fact]
    public async Task BeforeAnyLook_EachConversationSchedulesOneCheckPerWindow()
    {
        await MessageAsync(1);
        await MessageAsync(1);
        await MessageAsync(2);

        Assert.Equal(["s:105:1", "s:105:2"], _queue.Checks);
    }

    [Fact]
    public async Task ALookThatFoundNoneWanting_SchedulesNothing_ThenOneReLook_UntilItHasRun()
    {
        _interest.Saw(wanted: false);

        await MessageAsync(1);
        _time.Advance(UnreadInterest.FreshFor - TimeSpan.FromSeconds(1));
        await MessageAsync(2);
        Assert.Empty(_queue.Checks);

        _time.Advance(TimeSpan.FromSeconds(1));
        await MessageAsync(3);
        await MessageAsync(4);
        Assert.Equal(["s:105:3"], _queue.Checks);

        _time.Advance(new WebhookOptions().UnreadAfter);
        _interest.Saw(wanted: false); // the re-look ran and still found none
        await MessageAsync(5);
        Assert.Equal(["s:105:3"], _queue.Checks);
    }

    [Fact]
    public async Task AReLookThatWasLost_IsReplaced_OnceOverdue()
    {
        _interest.Saw(wanted: false);
        _time.Advance(UnreadInterest.FreshFor);
        await MessageAsync(1);
        _time.Advance(new WebhookOptions().UnreadAfter + UnreadInterest.FreshFor - TimeSpan.FromSeconds(1));
        await MessageAsync(2);
        Assert.Equal(["s:105:1"], _queue.Checks);

        _time.Advance(TimeSpan.FromSeconds(1));
        await MessageAsync(3);

        Assert.Equal(["s:105:1", "s:105:3"], _queue.Checks);
    }

    [Fact]
    public async Task ALookThatFoundOneWanting_Schedules()
    {
        _interest.Saw(wanted: true);

        await MessageAsync(1);

        Assert.Equal(["s:105:1"], _queue.Checks);
    }

    [Fact]
    public async Task ASubscriptionChangedHere_SchedulesAgainAtOnce()
    {
        _interest.Saw(wanted: false);
        await MessageAsync(1);
        Assert.Empty(_queue.Checks);

        _interest.Forget();
        await MessageAsync(1);

        Assert.Equal(["s:105:1"], _queue.Checks);
    }

    private Task MessageAsync(long userId) => _watch.MessageStoredAsync(UnreadCheck.Chat(105, userId), null, CancellationToken.None);

    private sealed class CountingQueue : IWebhookQueue
    {
        public List<string> Checks { get; } = [];

        public Task EnqueueAsync(DeliveryTicket ticket, TimeSpan delay, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task EnqueueAsync(UnreadCheck check, TimeSpan delay, CancellationToken cancellationToken)
        {
            Checks.Add(check.Conversation);
            return Task.CompletedTask;
        }
    }
}
