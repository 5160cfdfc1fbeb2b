using System.Diagnostics.Metrics;

namespace Kfk.Core.Realtime;

/// <summary>
/// The chat's own measures, meter <c>Kfk.Realtime</c> (exported with OpenTelemetry when the app has an exporter):
/// messages stored and delivered, frames refused by reason, and how long the event handler takes per user event.
/// Tag <c>hub</c> is the hub whose clients see the message (support chat: likeshop; dispute rooms: kfk).
/// </summary>
public static class RealtimeMetrics
{
    public const string MeterName = "Kfk.Realtime";

    public static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Stored = Meter.CreateCounter<long>("kfk.messages.stored", description: "Chat messages stored (a resend of a stored message does not count)");
    private static readonly Counter<long> Delivered = Meter.CreateCounter<long>("kfk.messages.delivered", description: "Chat messages handed to Web PubSub for their recipients");
    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("kfk.frames.refused", description: "Client frames answered with an error frame, by reason (the error code)");
    private static readonly Histogram<double> EventDuration = Meter.CreateHistogram(
        "kfk.events.duration", unit: "s", description: "Time to answer a user event (the hot path: frame in, stored, delivered, reply out)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static void MessageStored(string hub) => Stored.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public static void MessageDelivered(string hub) => Delivered.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public static void FrameRefused(string hub, string reason) =>
        Refused.Add(1, new KeyValuePair<string, object?>("hub", hub), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>One user event answered; <paramref name="outcome"/> is <c>ok</c>, or <c>refused</c> when the reply is an error frame.</summary>
    public static void EventHandled(string hub, string eventName, string outcome, TimeSpan elapsed) =>
        EventDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("hub", hub),
            new KeyValuePair<string, object?>("event", eventName), new KeyValuePair<string, object?>("outcome", outcome));
}
