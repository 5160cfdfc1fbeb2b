using System.Diagnostics;
using Kfk.Functions.Observability;

namespace Kfk.Functions.Tests.Observability;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the app exports traces, metrics and logs over OTLP, and a chat message
/// is one trace: the event handler's request, Kfk's span for the frame, the table transaction that stores the message
/// and the Web PubSub REST call that delivers it.
/// </summary>
[Collection(ChatSession.Collection)]
public sealed class TelemetryTests(ChatSession session)
{
    [Fact]
    public void AChatMessage_IsOneTrace_FromTheEventHandler_ThroughTheTableTransaction_ToTheRestSend()
    {
        var spans = session.Spans.Snapshot();
        var chat = Assert.Single(spans, s => s.Source.Name == KfkTracing.SourceName && s.DisplayName == "likeshop chat"
            && (string?)s.GetTagItem("kfk.user_id") == $"user:{session.UserId}" && s.GetTagItem("kfk.refused") is null);
        var ancestors = Ancestors(chat, spans).ToList();
        var descendants = spans.Where(s => Ancestors(s, spans).Contains(chat)).ToList();

        Assert.Contains(ancestors, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore"
            && ((string?)s.GetTagItem("url.path"))?.StartsWith("/api/webpubsub/hubs/likeshop", StringComparison.Ordinal) == true);
        Assert.Contains(descendants, s => s.Source.Name.StartsWith("Azure.Data.Tables", StringComparison.Ordinal) && s.DisplayName == "TableClient.SubmitTransaction");
        Assert.Contains(descendants, s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http"
            && ((string?)s.GetTagItem("url.full"))?.Contains($"127.0.0.1:{session.Stack.GatewayPort}/api/hubs/likeshop/", StringComparison.Ordinal) == true
            && ((string?)s.GetTagItem("url.full"))?.Contains(":send", StringComparison.Ordinal) == true);
        Assert.All(descendants, s => Assert.Equal(chat.TraceId, s.TraceId));
    }

    [Fact]
    public void ARefusedFrame_CarriesItsReasonOnItsSpan()
    {
        var refused = Assert.Single(session.Spans.Snapshot(), s => s.Source.Name == KfkTracing.SourceName && s.GetTagItem("kfk.refused") is not null);

        Assert.Equal(Kfk.Core.Common.MessageErrors.TypeInvalid, refused.GetTagItem("kfk.refused"));
    }

    [Fact]
    public void TheCollector_ReceivedTheTraces_KfksMeters_AndTheLogs_CorrelatedWithTheTrace()
    {
        // A handled frame logs at Debug; the refused chat's Information line is the one that travels with its trace.
        var refusedChat = Assert.Single(session.Spans.Snapshot(), s => s.Source.Name == KfkTracing.SourceName && s.GetTagItem("kfk.refused") is not null);

        Assert.All(session.Collector.Received, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.True(session.Collector.Holds("traces", "likeshop chat"), "no span named 'likeshop chat' reached the collector");
        Assert.True(session.Collector.Holds("traces", "TableClient.SubmitTransaction"), "no table transaction span reached the collector");
        foreach (var instrument in new[] { "kfk.messages.stored", "kfk.messages.delivered", "kfk.frames.refused", "kfk.events.duration",
                     "kfk.tables.transactions", "kfk.webpubsub.rest_calls" })
        {
            Assert.True(session.Collector.Holds("metrics", instrument), $"metric {instrument} did not reach the collector");
        }
        Assert.True(session.Collector.Holds("logs", $"from user:{session.UserId} refused"), "the refused chat's log line did not reach the collector");
        var traceId = Convert.FromHexString(refusedChat.TraceId.ToHexString());
        Assert.Contains(session.Collector.Received, r => r.Signal == "logs" && r.Body.AsSpan().IndexOf(traceId) >= 0);
    }

    private static IEnumerable<Activity> Ancestors(Activity span, List<Activity> spans)
    {
        var bySpanId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var current = span;
        for (var depth = 0; depth < 64 && current.ParentSpanId != default && bySpanId.TryGetValue(current.ParentSpanId, out var parent); depth++)
        {
            yield return parent;
            current = parent;
        }
    }
}
