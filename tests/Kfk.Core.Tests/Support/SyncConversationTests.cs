using Kfk.Core.Support;

namespace Kfk.Core.Tests.Support;

public sealed class SyncConversationTests
{
    [Fact]
    public async Task Sync_ListsTheRecordsAfterASeq_AtMostAPage_AndSaysWhetherMoreFollow()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");
        for (var i = 1; i <= SyncConversation.MaxRecords + 5; i++)
        {
            await world.BuyerWritesAsync(kefu, $"第{i}条");
        }

        var first = await world.Sync.ExecuteAsync(world.Buyer, null, null, CancellationToken.None);
        var rest = await world.Sync.ExecuteAsync(kefu, SyncConversation.MaxRecords, SupportScenario.UserId, CancellationToken.None);

        Assert.Equal((SyncConversation.MaxRecords, true, "第1条"), (first.Value.Records.Count, first.Value.More, first.Value.Records[0].Msg));
        Assert.Equal((5, false, "第101条"), (rest.Value.Records.Count, rest.Value.More, rest.Value.Records[0].Msg));
    }

    [Fact]
    public async Task Sync_WithANegativeSeq_OrByAnAgentNamingNoUser_IsArgumentsInvalid()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");

        var negative = await world.Sync.ExecuteAsync(world.Buyer, -1, null, CancellationToken.None);
        var unnamed = await world.Sync.ExecuteAsync(kefu, 0, null, CancellationToken.None);

        Assert.Equal((SupportErrors.ArgumentsInvalid, SupportErrors.ArgumentsInvalid), (negative.Error?.Code, unnamed.Error?.Code));
    }
}
