using System.Collections.Concurrent;
using Kfk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Kfk.Functions.Tests.Observability;

/// <summary>An OTLP/HTTP endpoint on 127.0.0.1 that keeps what it receives (protobuf bodies by signal: traces, metrics, logs).</summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpCollector(WebApplication app, int port)
    {
        _app = app;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public ConcurrentQueue<(string Signal, string ContentType, byte[] Body)> Received { get; } = new();

    public static async Task<OtlpCollector> StartAsync()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var collector = new OtlpCollector(app, port);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector.Received.Enqueue((signal, request.ContentType ?? "", body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return collector;
    }

    /// <summary>Whether a body of the signal holds the UTF-8 text (protobuf keeps names and string values as they are).</summary>
    public bool Holds(string signal, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return Received.Any(r => r.Signal == signal && r.Body.AsSpan().IndexOf(bytes) >= 0);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
