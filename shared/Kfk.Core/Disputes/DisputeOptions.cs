using System.ComponentModel.DataAnnotations;

namespace Kfk.Core.Disputes;

/// <summary>Dispute settings (section <c>Kfk:Disputes</c>): SLA, system message templates, word lists.</summary>
public sealed class DisputeOptions : IValidatableObject
{
    public const string SectionName = "Kfk:Disputes";

    /// <summary>A dispute not finished this long after it opened becomes overdue.</summary>
    public TimeSpan Sla { get; set; } = TimeSpan.FromHours(36);

    /// <summary>How often the in-process timer looks for overdue disputes when the app runs without the Functions host.</summary>
    public TimeSpan SlaCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Run the SLA check from an in-process timer (standalone). Under the Functions host the timer function runs it.</summary>
    public bool InProcessSlaTimer { get; set; } = true;

    /// <summary>Where a buyer looks up their order; <c>{order_sn}</c> is replaced.</summary>
    public string OrderQueryUrl { get; set; } = "https://kuaifaka.example/order/query/{order_sn}";

    /// <summary>The system message stored when a dispute opens; <c>{order_query_url}</c> and <c>{order_sn}</c> are replaced.</summary>
    [Required]
    public string OpeningMessage { get; set; } = "如您未收到卡密,请打开页面:{order_query_url}查询,其余问题请您耐心等待卖家回复~";

    [Required]
    public string HandledMessage { get; set; } = "商家已受理投诉,请耐心等待处理结果";

    [Required]
    public string RefundedMessage { get; set; } = "商家已办理退款";

    [Required]
    public string FinishedMessage { get; set; } = "投诉已处理完成";

    [Required]
    public string WithdrawnMessage { get; set; } = "买家已撤销投诉";

    [Required]
    public string OverdueMessage { get; set; } = "投诉已超过处理时限,平台将为买家办理退款";

    /// <summary>Words that, written by the merchant side, earn the buyer a safety tip.</summary>
    public List<string> SafetyWords { get; set; } = ["密码", "明天", "晚点", "稍后", "等等", "撤诉", "撤销投诉", "取消投诉", "傻", "滚"];

    [Required]
    public string SafetyTip { get; set; } = "温馨提示:请勿向任何人透露密码;卖家以延迟发货、要求撤诉等理由推脱时,请勿轻信,可联系平台客服处理~";

    /// <summary>Words that earn the whole room a civility notice.</summary>
    public List<string> ProfanityWords { get; set; } = ["傻逼", "sb", "妈的", "操你", "滚蛋", "去死"];

    [Required]
    public string CivilityNotice { get; set; } = "请文明用语~";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Sla < TimeSpan.FromMinutes(1) || Sla > TimeSpan.FromDays(90))
        {
            yield return new ValidationResult("Kfk:Disputes:Sla must be between 1 minute and 90 days.", [nameof(Sla)]);
        }
        if (SlaCheckInterval < TimeSpan.FromSeconds(1) || SlaCheckInterval > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Kfk:Disputes:SlaCheckInterval must be between 1 second and 1 day.", [nameof(SlaCheckInterval)]);
        }
    }
}
