using System.Text.Json;
using Kfk.Core.Disputes;

namespace Kfk.Core.Tests.Disputes;

public sealed class DisputeServiceTests
{
    [Fact]
    public async Task Transitions_AreStoredAsSystemMessages_AndReachTheRoomThroughTheNotifier()
    {
        var world = await RoomScenario.OpenAsync();
        var stored = await world.DisputeStore.FindLatestForOrderAsync(RoomScenario.OrderSn, CancellationToken.None);

        var handled = await world.Disputes.ActAsync(stored!.Dispute.ReportId, DisputeAction.Handle, new DisputeActor.ShopAccount(RoomScenario.Merchant), "马上处理",
            CancellationToken.None);

        Assert.True(handled.Value.Handled);
        var messages = await world.Rooms.ReadRangeAsync(RoomScenario.OrderSn, 1, 2, CancellationToken.None);
        Assert.All(messages, m => Assert.Equal(RoomSender.System, m.Type));
        Assert.Equal($"{world.Options.HandledMessage}（马上处理）", messages[1].Content);
        var delivered = world.SentTo("room:" + RoomScenario.OrderSn).Select(f => JsonDocument.Parse(f).RootElement.GetProperty("seq").GetInt64());
        Assert.Equal([1L, 2L], delivered);
    }
}
