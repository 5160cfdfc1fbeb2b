using Kfk.Azure.WebPubSub.EventHandler;
using Kfk.Core.Realtime;

namespace Kfk.Azure.Tests.WebPubSub;

public sealed class EventReplyCacheTests
{
    [Fact]
    public async Task ARepeatedEvent_GetsTheFirstReply_AndIsHandledOnce()
    {
        var cache = new EventReplyCache();
        var handled = 0;

        var first = await cache.GetOrHandleAsync("c1", "7", () => Reply($"reply {++handled}"));
        var repeat = await cache.GetOrHandleAsync("c1", "7", () => Reply($"reply {++handled}"));
        var otherId = await cache.GetOrHandleAsync("c1", "8", () => Reply($"reply {++handled}"));
        var otherConnection = await cache.GetOrHandleAsync("c2", "7", () => Reply($"reply {++handled}"));

        Assert.Same(first, repeat);
        Assert.Equal(["reply 1", "reply 2", "reply 3"], new[] { first, otherId, otherConnection }.Select(Text));
        Assert.Equal(3, handled);
    }

    [Fact]
    public async Task ARepeatWhileTheFirstIsStillRunning_WaitsForItsReply()
    {
        var cache = new EventReplyCache();
        var release = new TaskCompletionSource<RepliedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = 0;

        var first = cache.GetOrHandleAsync("c1", "7", () => { handled++; return release.Task; });
        var repeat = cache.GetOrHandleAsync("c1", "7", () => { handled++; return Reply("second run"); });
        Assert.False(repeat.IsCompleted);
        release.SetResult(await Reply("first run"));

        Assert.Equal("first run", Text(await first));
        Assert.Equal("first run", Text(await repeat));
        Assert.Equal(1, handled);
    }

    [Fact]
    public async Task AFailedEvent_IsForgotten_SoARetryRunsIt()
    {
        var cache = new EventReplyCache();

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrHandleAsync("c1", "7", () => throw new InvalidOperationException("store down")));
        var retry = await cache.GetOrHandleAsync("c1", "7", () => Reply("stored"));

        Assert.Equal("stored", Text(retry));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task ManyEvents_StayWithinTheEntryBound_TheOldestForgottenFirst()
    {
        var cache = new EventReplyCache(maxEntries: 100);
        for (var i = 0; i < 10_000; i++)
        {
            await cache.GetOrHandleAsync($"conn-{i % 7}", $"{i}", () => Reply("ok"));
        }

        var newestRunsAgain = false;
        var oldestRunsAgain = false;
        await cache.GetOrHandleAsync($"conn-{9_999 % 7}", "9999", () => { newestRunsAgain = true; return Reply("again"); });
        await cache.GetOrHandleAsync("conn-0", "0", () => { oldestRunsAgain = true; return Reply("again"); });

        Assert.Equal(100, cache.Count);
        Assert.False(newestRunsAgain);
        Assert.True(oldestRunsAgain);
    }

    [Fact]
    public async Task LargeReplies_StayWithinTheByteBound()
    {
        const long maxBytes = 1024 * 1024;
        var cache = new EventReplyCache(maxEntries: 1_000_000, maxBytes: maxBytes);
        var body = new byte[64 * 1024];
        for (var i = 0; i < 1_000; i++)
        {
            await cache.GetOrHandleAsync("c1", $"{i}", () => Task.FromResult(new RepliedEvent(new UserEventReply(body, RealtimeDataType.Binary), null)));
            Assert.True(cache.Bytes <= maxBytes);
        }

        Assert.InRange(cache.Count, 1, 16);
    }

    private static Task<RepliedEvent> Reply(string text) => Task.FromResult(new RepliedEvent(UserEventReply.Text(text), "v1.state.mac"));

    private static string Text(RepliedEvent replied) => System.Text.Encoding.UTF8.GetString(replied.Reply.Body!.Value.Span);
}
