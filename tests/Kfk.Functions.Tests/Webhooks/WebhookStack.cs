using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Webhooks;

/// <summary>
/// The app on an Azurite of its own (webhook subscriptions see every event of their storage, so no other test may share
/// it), a real receiver, and the Functions host's part played by the test: queue messages are taken from the real queue
/// and posted to <c>/WebhookDelivery</c> in the host's envelope.
/// </summary>
public sealed class WebhookStack : IAsyncDisposable
{
    private readonly Azurite _azurite;

    private WebhookStack(Azurite azurite, KfkApp app, WebhookReceiver receiver)
    {
        _azurite = azurite;
        App = app;
        Receiver = receiver;
        Platform = app.CreateClient();
        Platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        Queue = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient("webhook-deliveries");
    }

    public KfkApp App { get; }

    public WebhookReceiver Receiver { get; }

    public HttpClient Platform { get; }

    public QueueClient Queue { get; }

    /// <summary>The local allowances (http, loopback) are on unless <paramref name="local"/> is false; <paramref name="more"/> adds settings.</summary>
    public static async Task<WebhookStack> StartAsync(bool local = true, IReadOnlyDictionary<string, string?>? more = null)
    {
        var azurite = await Azurite.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Kfk:Webhooks:AllowHttp"] = local ? "true" : "false",
            ["Kfk:Webhooks:AllowPrivateNetworks"] = local ? "true" : "false",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return new WebhookStack(azurite, new KfkApp(azurite.ConnectionString, settings), await WebhookReceiver.StartAsync());
    }

    /// <summary>Creates a subscription to the receiver; returns its id and secret.</summary>
    public async Task<(string Id, string Secret)> SubscribeAsync(params string[] events)
    {
        using var response = await Platform.PostAsJsonAsync("/api/v1/webhooks", new { url = Receiver.Url, events });
        response.EnsureSuccessStatusCode();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    /// <summary>Takes the next visible message off the real queue (it must be there) and returns its text.</summary>
    public async Task<string> TakeQueuedAsync()
    {
        var message = (await Queue.ReceiveMessageAsync()).Value ?? throw new InvalidOperationException("No message is queued.");
        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        return message.MessageText;
    }

    /// <summary>
    /// Takes the next message off the real queue once it becomes visible (a delayed one, e.g. an unread check); waits for
    /// it, up to 30 s, then fails.
    /// </summary>
    public async Task<string> TakeWhenVisibleAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if ((await Queue.ReceiveMessageAsync(cancellationToken: deadline.Token)).Value is { } message)
            {
                await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                return message.MessageText;
            }
            await Task.Delay(200, deadline.Token);
        }
    }

    /// <summary>Every message visible now, taken off the queue.</summary>
    public async Task<List<string>> TakeAllQueuedAsync()
    {
        var texts = new List<string>();
        while ((await Queue.ReceiveMessageAsync()).Value is { } message)
        {
            await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            texts.Add(message.MessageText);
        }
        return texts;
    }

    /// <summary>POSTs the queue trigger's envelope as the Functions host does (the text JSON-encoded a second time).</summary>
    public async Task<string> InvokeDeliveryAsync(string messageText)
    {
        var envelope = new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = JsonValue.Create(JsonValue.Create(messageText).ToJsonString()) },
            ["Metadata"] = new JsonObject
            {
                ["DequeueCount"] = 1,
                ["Id"] = Guid.NewGuid().ToString(),
                ["sys"] = new JsonObject { ["MethodName"] = "WebhookDelivery", ["UtcNow"] = "2031-05-17T03:21:10Z", ["RandGuid"] = Guid.NewGuid().ToString() },
            },
        };
        using var client = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/WebhookDelivery") { Content = new StringContent(envelope.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.Add("X-Test-Remote-Address", "127.0.0.1");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Logs")[0].GetString()!;
    }

    public async Task<JsonElement> DeliveriesAsync(string webhookId, string? status = null) =>
        JsonDocument.Parse(await Platform.GetStringAsync($"/api/v1/webhooks/{webhookId}/deliveries{(status is null ? "" : "?status=" + status)}"))
            .RootElement.GetProperty("list").Clone();

    public async ValueTask DisposeAsync()
    {
        Platform.Dispose();
        await Receiver.DisposeAsync();
        await App.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
