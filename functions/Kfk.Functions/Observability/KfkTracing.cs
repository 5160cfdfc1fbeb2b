using System.Diagnostics;

namespace Kfk.Functions.Observability;

/// <summary>
/// Kfk's own spans (activity source <c>Kfk.Realtime</c>): one per user event, named after the hub and the frame
/// (<c>likeshop chat</c>), under the event handler's request span and above the table and Web PubSub calls it makes.
/// </summary>
public static class KfkTracing
{
    public const string SourceName = "Kfk.Realtime";

    public static readonly ActivitySource Source = new(SourceName);
}
