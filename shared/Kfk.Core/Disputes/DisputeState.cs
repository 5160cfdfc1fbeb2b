namespace Kfk.Core.Disputes;

/// <summary>The <c>state</c> text of report_detail, first match wins.</summary>
public static class DisputeState
{
    public const string FinishedAndRefunded = "已办理退款,投诉已处理完成";
    public const string Finished = "投诉已处理完成";
    public const string Refunding = "正在退款";
    public const string Overdue = "投诉已经逾期";
    public const string Talking = "双方交谈中";

    public static string Text(Dispute dispute, DateTimeOffset now) =>
        dispute.Finished && dispute.Refunded ? FinishedAndRefunded
        : dispute.Finished ? Finished
        : dispute.Refunded ? Refunding
        : dispute.Overdue || now >= dispute.DueAt ? Overdue
        : Talking;
}
