using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Kfk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Kfk.Functions.Tests.Webhooks;

/// <summary>One POST as the receiver saw it, and whether its signature verified with each secret it was asked about.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body)
{
    /// <summary>
    /// The Standard Webhooks check, written here independently of Kfk's signer: HMAC-SHA256 keyed with the base64 after
    /// <c>whsec_</c>, over <c>{id}.{timestamp}.{body}</c>, one of the space-separated <c>v1,</c> entries.
    /// </summary>
    public bool IsSignedWith(string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Body}")));
        return Signature.Split(' ').Contains(expected);
    }
}

/// <summary>
/// A real HTTP receiver (Kestrel on a free loopback port): records each POST and answers with the next scripted status
/// (200 once the script is used up), or holds the request until the client gives up when the script says 0.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}/hooks/kfk";
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Completes when a request is being held (script 0).</summary>
    public Task Held => _held.Task;

    public string ResponseBody { get; set; } = "ok";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, port);
        app.MapPost("/hooks/kfk", receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Received.Enqueue(new ReceivedWebhook(context.Request.Headers["webhook-id"].ToString(), context.Request.Headers["webhook-timestamp"].ToString(),
            context.Request.Headers["webhook-signature"].ToString(), body));
        var status = _script.TryDequeue(out var next) ? next : 200;
        if (status == 0)
        {
            _held.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            return;
        }
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(ResponseBody);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
