using Kfk.Core.Common;
using Kfk.Core.Disputes;

namespace Kfk.Core.Tests.Disputes;

public sealed class DisputeRulesTests
{
    private static readonly DateTimeOffset Opened = new(2031, 5, 17, 8, 0, 0, TimeSpan.Zero);
    private static readonly Dispute Open = new(267, "kfk1906283139aaf3", 18, 19, 20, "10.00", "卡密无效", "475281441", "13560822174", Opened, Opened.AddHours(36));

    public static TheoryData<string, DisputeAction, string?> Transitions => new()
    {
        { "open", DisputeAction.Handle, "handled" },
        { "open", DisputeAction.Refund, "refunded" },
        { "open", DisputeAction.Finish, null },
        { "open", DisputeAction.Withdraw, "withdrawn" },
        { "handled", DisputeAction.Handle, null },
        { "handled", DisputeAction.Refund, "refunded" },
        { "handled", DisputeAction.Finish, "finished" },
        { "handled", DisputeAction.Withdraw, "withdrawn" },
        { "refunded", DisputeAction.Refund, null },
        { "refunded", DisputeAction.Finish, "finished" },
        { "refunded", DisputeAction.Withdraw, null },
        { "finished", DisputeAction.Handle, null },
        { "finished", DisputeAction.Refund, null },
        { "finished", DisputeAction.Finish, null },
        { "finished", DisputeAction.Withdraw, null },
        { "withdrawn", DisputeAction.Handle, null },
        { "withdrawn", DisputeAction.Withdraw, null },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Apply_AllowsExactlyTheLifecycle(string from, DisputeAction action, string? to)
    {
        var result = DisputeRules.Apply(InState(from), action, Opened.AddHours(1));

        if (to is null)
        {
            Assert.False(result.IsSuccess);
            Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        }
        else
        {
            Assert.Equal(to, result.Value.Status);
        }
    }

    [Fact]
    public void MayAct_MerchantAndStaffAct_BuyerOnlyWithdraws_ResellersNever()
    {
        Assert.True(DisputeRules.MayAct(Open, new DisputeActor.ShopAccount(18), DisputeAction.Refund));
        Assert.False(DisputeRules.MayAct(Open, new DisputeActor.ShopAccount(18), DisputeAction.Withdraw));
        Assert.False(DisputeRules.MayAct(Open, new DisputeActor.ShopAccount(19), DisputeAction.Handle));
        Assert.False(DisputeRules.MayAct(Open, new DisputeActor.ShopAccount(20), DisputeAction.Handle));
        Assert.True(DisputeRules.MayAct(Open, new DisputeActor.Buyer("kfk1906283139aaf3"), DisputeAction.Withdraw));
        Assert.False(DisputeRules.MayAct(Open, new DisputeActor.Buyer("kfk1906283139aaf3"), DisputeAction.Finish));
        Assert.False(DisputeRules.MayAct(Open, new DisputeActor.Buyer("kfk-other"), DisputeAction.Withdraw));
        Assert.True(DisputeRules.MayAct(Open, new DisputeActor.Staff(1), DisputeAction.Finish));
        Assert.True(DisputeRules.MayAct(Open, new DisputeActor.Platform(), DisputeAction.Withdraw));
    }

    [Theory]
    [InlineData("finished+refunded", 1, "已办理退款,投诉已处理完成")]
    [InlineData("finished", 1, "投诉已处理完成")]
    [InlineData("refunded", 40, "正在退款")]
    [InlineData("open", 36, "投诉已经逾期")]
    [InlineData("open", 35, "双方交谈中")]
    [InlineData("handled", 1, "双方交谈中")]
    public void StateText_FirstMatchWins(string state, int hoursLater, string expected) =>
        Assert.Equal(expected, DisputeState.Text(InState(state), Opened.AddHours(hoursLater)));

    [Fact]
    public void IsDueForOverdue_OnlyOpenUnmarkedDisputesPastDue()
    {
        var late = Opened.AddHours(37);

        Assert.True(DisputeRules.IsDueForOverdue(Open, late));
        Assert.False(DisputeRules.IsDueForOverdue(Open, Opened.AddHours(35)));
        Assert.False(DisputeRules.IsDueForOverdue(Open with { Overdue = true }, late));
        Assert.False(DisputeRules.IsDueForOverdue(InState("finished"), late));
        Assert.False(DisputeRules.IsDueForOverdue(InState("withdrawn"), late));
    }

    private static Dispute InState(string state) => state switch
    {
        "open" => Open,
        "handled" => Open with { Handled = true },
        "refunded" => Open with { Handled = true, Refunded = true },
        "finished" => Open with { Handled = true, Finished = true },
        "finished+refunded" => Open with { Handled = true, Refunded = true, Finished = true },
        "withdrawn" => Open with { Withdrawn = true },
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
