using Kfk.Core.Agents;
using Kfk.Core.Disputes;

namespace Kfk.Functions.Observability;

/// <summary>
/// The business events of the REST side worth a line in the log (category <c>Kfk.Business</c>), source-generated.
/// Identifiers only: never a token, a password, a key or a message's text. A refused login names no account (a
/// password typed into the account field must not land in the log).
/// </summary>
public sealed partial class BusinessEvents(ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("Kfk.Business");

    public void KefuSignedIn(Agent agent, int? client, string address) =>
        LogKefuSignedIn(_logger, agent.Id, agent.Account, agent.ShopId, client, address);

    public void KefuLoginRefused(string code, string address) => LogKefuLoginRefused(_logger, code, address);

    public void TokenIssued(string kind, string subject) => LogTokenIssued(_logger, kind, subject);

    public void AgentChanged(Agent agent, bool disabled)
    {
        if (disabled)
        {
            LogAgentDisabled(_logger, agent.Id, agent.ShopId);
        }
        else
        {
            LogAgentEnabled(_logger, agent.Id, agent.ShopId);
        }
    }

    public void DisputeActed(Dispute dispute, string action, DisputeActor caller) =>
        LogDisputeActed(_logger, dispute.ReportId, dispute.OrderSn, action, Name(caller), dispute.Status);

    public void DisputeActionRefused(long reportId, string action, DisputeActor caller, string code) =>
        LogDisputeActionRefused(_logger, reportId, action, Name(caller), code);

    private static string Name(DisputeActor actor) => actor switch
    {
        DisputeActor.Platform => "the platform",
        DisputeActor.Staff staff => $"staff kefu {staff.KefuId}",
        DisputeActor.ShopAccount shop => $"shop {shop.ShopId}",
        DisputeActor.Buyer => "the buyer",
        _ => "someone",
    };

    [LoggerMessage(100, LogLevel.Information, "Kefu {KefuId} ({Account}) of shop {ShopId} signed in from {Address} (client {Client})")]
    private static partial void LogKefuSignedIn(ILogger logger, long kefuId, string account, long shopId, int? client, string address);

    [LoggerMessage(101, LogLevel.Information, "Kefu login from {Address} refused: {Code}")]
    private static partial void LogKefuLoginRefused(ILogger logger, string code, string address);

    [LoggerMessage(102, LogLevel.Information, "Token issued ({Kind}) for {Subject}")]
    private static partial void LogTokenIssued(ILogger logger, string kind, string subject);

    [LoggerMessage(103, LogLevel.Information, "Kefu {KefuId} of shop {ShopId} disabled: sessions revoked, connections closed")]
    private static partial void LogAgentDisabled(ILogger logger, long kefuId, long shopId);

    [LoggerMessage(104, LogLevel.Information, "Kefu {KefuId} of shop {ShopId} enabled")]
    private static partial void LogAgentEnabled(ILogger logger, long kefuId, long shopId);

    [LoggerMessage(105, LogLevel.Information, "Dispute {ReportId} (order {OrderSn}): {Action} by {Caller}; now {Status}")]
    private static partial void LogDisputeActed(ILogger logger, long reportId, string orderSn, string action, string caller, string status);

    [LoggerMessage(106, LogLevel.Information, "Dispute {ReportId}: {Action} by {Caller} refused: {Code}")]
    private static partial void LogDisputeActionRefused(ILogger logger, long reportId, string action, string caller, string code);
}
