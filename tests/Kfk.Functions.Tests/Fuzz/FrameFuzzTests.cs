using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Kfk.Core.Disputes;
using Kfk.Core.Support;
using Kfk.Functions.Tests.Kuaifaka;
using Kfk.Functions.Tests.Likeshop;
using Kfk.Functions.Tests.Media;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kfk.Functions.Tests.Fuzz;

/// <summary>
/// Issue 12, defect 3: hostile frames made the event handler fail and the gateway dropped the socket (1011). Seeded
/// mutations of valid frames of both dialects go through the local gateway on real WebSockets, in lockstep on each
/// connection (fuzz frame, then a sentinel whose answer closes everything the fuzz frame produced). Every frame must be
/// answered or refused with the socket left open, and a refused frame must store nothing. The seed is printed (the
/// environment variable <c>KFK_FUZZ_SEED</c> replays or varies it) and a failure lists the offending frames byte for byte.
/// </summary>
public sealed class FrameFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int DefaultSeed = 20_261_130;
    private const int ConnectionsPerHub = 80;
    private const int FramesPerHub = 5_000;

    private RealtimeStack _stack = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // Every fuzz frame must get its own answer: the instance's overload refusal (EventHandlerApiTests) is out of the way.
        _stack = await RealtimeStack.StartAsync(["likeshop", "kfk"],
            appSettings: new Dictionary<string, string?> { ["Kfk:Realtime:MaxInFlightEvents"] = "100000" });
        _http = _stack.PlatformClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stack.DisposeAsync();
    }

    [Fact]
    public async Task HostileFrames_OnBothHubs_AreAnsweredOrRefused_NoSocketDrops_AndRefusalsStoreNothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("KFK_FUZZ_SEED"), CultureInfo.InvariantCulture, out var chosen) ? chosen : DefaultSeed;
        output.WriteLine($"fuzz seed {seed} (KFK_FUZZ_SEED={seed} replays these mutations)");
        var clock = Stopwatch.StartNew();
        var likeshop = await LikeshopBuyersAsync(seed);
        var kfk = await KfkBuyersAsync(seed, likeshop.Image);
        List<FuzzConnection> connections = [.. likeshop.Buyers, .. kfk];
        var support = _stack.App.Services.GetRequiredService<ISupportStore>();
        var rooms = _stack.App.Services.GetRequiredService<IRoomStore>();
        // Opening a dispute stores its system message in the room: count what the fuzzing adds.
        var roomsBefore = await Task.WhenAll(kfk.Select(b => rooms.LastSeqAsync(b.Room, CancellationToken.None)));
        var setUp = clock.Elapsed;

        await Task.WhenAll(connections.Select(c => c.RunAsync()));
        var fuzzed = clock.Elapsed;
        var answering = await Task.WhenAll(connections.Select(c => c.AnswersPingAsync()));

        var storage = new List<string>();
        foreach (var buyer in likeshop.Buyers)
        {
            var stored = await support.LastSeqAsync(likeshop.ShopId, buyer.UserId, CancellationToken.None);
            if (stored != buyer.AcceptedChatIds.Count)
            {
                storage.Add($"likeshop connection {buyer.Index} (user {buyer.UserId}): {stored} records stored, {buyer.AcceptedChatIds.Count} chats accepted");
            }
        }
        foreach (var (buyer, before) in kfk.Zip(roomsBefore))
        {
            var stored = await rooms.LastSeqAsync(buyer.Room, CancellationToken.None) - before;
            if (stored != buyer.AcceptedSays)
            {
                storage.Add($"kfk connection {buyer.Index} (room {buyer.Room}): {stored} messages stored, {buyer.AcceptedSays} says accepted");
            }
        }
        foreach (var hub in connections.GroupBy(c => c.Hub))
        {
            output.WriteLine(Summary(hub.Key, [.. hub]));
        }
        output.WriteLine($"time: set-up {setUp.TotalSeconds:F1} s, fuzzing {(fuzzed - setUp).TotalSeconds:F1} s, total {clock.Elapsed.TotalSeconds:F1} s");

        var failures = connections.SelectMany(c => c.Failures).ToList();
        var total = connections.Sum(c => c.FramesSent);
        Assert.True(failures.Count == 0,
            $"seed {seed}: {failures.Count} of {total} fuzz frames broke their connection:\n" + string.Join("\n", failures.Take(25)));
        Assert.True(answering.All(a => a), $"seed {seed}: {answering.Count(a => !a)} sockets are not open or do not answer a ping at the end");
        Assert.True(storage.Count == 0, $"seed {seed}: stored rows differ from accepted frames:\n" + string.Join("\n", storage));
        Assert.True(total >= 10_000, $"only {total} frames were sent");
        // Not vacuous: enough frames survive their mutations to be stored, and most are refused.
        Assert.True(likeshop.Buyers.Sum(b => b.AcceptedChatIds.Count) > 100, "likeshop: too few chats were stored for the count to mean anything");
        Assert.True(kfk.Sum(b => b.AcceptedSays) > 100, "kfk: too few says were stored for the count to mean anything");
        foreach (var hub in connections.GroupBy(c => c.Hub))
        {
            Assert.True(hub.Sum(c => c.Refused) > 1_000, $"{hub.Key}: only {hub.Sum(c => c.Refused)} frames were refused");
        }
    }

    private async Task<(long ShopId, string Image, List<LikeshopBuyer> Buyers)> LikeshopBuyersAsync(int seed)
    {
        var shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        var goodsId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        var firstUser = Random.Shared.NextInt64(1_000_000_000, 1_000_000_000_000);
        await PutAsync($"/api/v1/shops/{shopId}", new { name = "模糊测试店" });
        await PutAsync($"/api/v1/goods/{goodsId}", new { shop_id = shopId, name = "月卡", image = "https://img.example/g.png", min_price = "19.90" });
        var (kefuId, _) = await LikeshopWire.CreateKefuAsync(_http, shopId, "客服小王");
        var tokens = new string[ConnectionsPerHub];
        await Parallel.ForEachAsync(Enumerable.Range(0, ConnectionsPerHub), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            await PutAsync($"/api/v1/users/{firstUser + i}", new { nickname = $"买家{i}", avatar = "https://img.example/u.png" });
            tokens[i] = await LikeshopWire.UserTokenAsync(_http, firstUser + i, 6);
        });
        var image = await MediaUploadsClient.UploadAsync(_stack.AppUrl("/"), tokens[0]);
        var buyers = Enumerable.Range(0, ConnectionsPerHub).Select(i =>
        {
            var values = new Dictionary<string, string>
            {
                ["KEFU"] = Invariant(kefuId),
                ["SHOP"] = Invariant(shopId),
                ["USER"] = Invariant(firstUser + i),
                ["GOODS"] = Invariant(goodsId),
                ["IMAGE"] = image,
            };
            var frames = Frames(new FrameMutator(new Random(ConnectionSeed(seed, 1, i)), FrameMutator.Likeshop, values), i);
            return new LikeshopBuyer(_stack, i, frames, shopId, firstUser + i, tokens[i]);
        }).ToList();
        return (shopId, image, buyers);
    }

    private async Task<List<KfkBuyer>> KfkBuyersAsync(int seed, string image)
    {
        var merchant = Random.Shared.NextInt64(1_000, 1_000_000_000);
        await PutAsync($"/api/v1/shops/{merchant}", new { name = "模糊测试商户" });
        var rooms = new string[ConnectionsPerHub];
        var tokens = new string[ConnectionsPerHub];
        await Parallel.ForEachAsync(Enumerable.Range(0, ConnectionsPerHub), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            rooms[i] = $"fz{merchant:x}-{i}";
            await PutAsync($"/api/v1/orders/{rooms[i]}", new { shop_id = merchant, order_amount = "10.00" });
            if (i % 3 == 0)
            {
                // report_detail finds a dispute in a third of the rooms ("投诉不存在" in the others).
                using var opened = await _http.PostAsJsonAsync("/api/v1/disputes",
                    new { order_sn = rooms[i], amount = "10", reason = "卡密无效", customer_contact = "475281441", customer_phone = KfkScenario.Phone });
                opened.EnsureSuccessStatusCode();
            }
            tokens[i] = await KfkScenario.TokenAsync(_http, new { kind = "buyer_order", order_sn = rooms[i] });
        });
        return [.. Enumerable.Range(0, ConnectionsPerHub).Select(i =>
        {
            var values = new Dictionary<string, string> { ["TOKEN"] = tokens[i], ["ROOM"] = rooms[i], ["IMAGE"] = image };
            var frames = Frames(new FrameMutator(new Random(ConnectionSeed(seed, 2, i)), FrameMutator.Kfk, values), i);
            return new KfkBuyer(_stack, i, frames, rooms[i], tokens[i]);
        })];
    }

    /// <summary>This connection's share of the hub's frames.</summary>
    private static List<FuzzFrame> Frames(FrameMutator mutator, int connection) =>
        [.. Enumerable.Range(0, FramesPerHub / ConnectionsPerHub + (connection < FramesPerHub % ConnectionsPerHub ? 1 : 0)).Select(_ => mutator.Next())];

    private static int ConnectionSeed(int seed, int hub, int connection) => unchecked(((seed * 31) + hub) * 1_000_003 + connection);

    private async Task PutAsync(string path, object body)
    {
        using var response = await _http.PutAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Summary(string hub, List<FuzzConnection> connections)
    {
        var frames = connections.SelectMany(c => c.Frames).ToList();
        var outcomes = connections.SelectMany(c => c.Outcomes).GroupBy(o => o.Key).Select(g => (g.Key, Count: g.Sum(o => o.Value))).OrderByDescending(o => o.Count);
        return $"{hub}: {connections.Count} connections, {connections.Sum(c => c.FramesSent)} fuzz frames sent "
            + $"(of the {frames.Count} generated: {frames.Count(f => f.Binary)} binary, {frames.Count(f => !Utf8Valid(f.Bytes))} not UTF-8, {frames.Count(f => f.Bytes.Length > FrameMutator.FrameLimit)} over 64 KB, "
            + $"{frames.Count(f => f.Mutations.Count == 0)} unmutated), {connections.Sum(c => c.SentinelsSent)} sentinels, "
            + $"{connections.Sum(c => c.ProbesSent)} probes; {connections.Sum(c => c.Accepted)} accepted, {connections.Sum(c => c.Refused)} refused; outcomes: "
            + string.Join(", ", outcomes.Select(o => $"{o.Key} ×{o.Count}"))
            + "; frames with each mutation: " + string.Join(", ", Tally(frames.SelectMany(f => f.Mutations.Distinct())))
            + "; templates: " + string.Join(", ", Tally(frames.Select(f => f.Template)));
    }

    private static IEnumerable<string> Tally(IEnumerable<string> names) =>
        names.GroupBy(n => n).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}");

    private static bool Utf8Valid(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    /// <summary>A frame from the gateway.</summary>
    private sealed class Incoming(byte[] bytes)
    {
        private readonly Lazy<JsonElement?> _json = new(() =>
        {
            try
            {
                using var document = JsonDocument.Parse(bytes);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        });

        public string Text { get; } = Encoding.UTF8.GetString(bytes);

        public string? String(params string[] path) => At(path) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

        public long? Number(params string[] path) => At(path) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var n) ? n : null;

        private JsonElement? At(string[] path)
        {
            var node = _json.Value;
            foreach (var name in path)
            {
                node = node is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var child) ? child : null;
            }
            return node;
        }

        public override string ToString() => Text.Length > 300 ? Text[..300] + "…" : Text;
    }

    private sealed class AnswerException(string message) : Exception(message);

    /// <summary>
    /// One client socket sending its fuzz frames in lockstep. After each fuzz frame it sends a sentinel and reads every
    /// frame up to the sentinel's answer: at most one of them is the fuzz frame's answer. When none is, the fuzz frame either
    /// had no answer or was answered like the sentinel (kfk answers an unknown type "pong", likeshop a ping event with a
    /// ping): a probe whose answer echoes a number tells which.
    /// </summary>
    private abstract class FuzzConnection(string hub, int index, IReadOnlyList<FuzzFrame> frames)
    {
        /// <summary>
        /// Both dialects count frames per connection in one-second windows (likeshop 10, kfk 5) and refuse the excess unread.
        /// A burst (the fuzz frame and the sentinel, or a probe: at most two counted frames) is sent only this long after the
        /// answer that ended the previous one, so the handler sees bursts more than 250 ms apart: at most four bursts (eight
        /// counted frames) in a window, whatever the machine's load.
        /// </summary>
        private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

        /// <summary>Only a guard against a hang (a busy machine answers in milliseconds to seconds).</summary>
        private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

        private const int MaxReconnects = 10;
        private const long ProbeBase = 1_900_000_000;

        private ClientWebSocket? _socket;
        private long _answeredAt;

        public string Hub => hub;

        public int Index => index;

        public IReadOnlyList<FuzzFrame> Frames => frames;

        public int FramesSent { get; private set; }

        public int SentinelsSent { get; private set; }

        public int ProbesSent { get; private set; }

        public int Accepted { get; protected set; }

        public int Refused { get; protected set; }

        public List<string> Failures { get; } = [];

        public Dictionary<string, int> Outcomes { get; } = [];

        protected abstract Uri Url { get; }

        protected abstract byte[] Sentinel { get; }

        protected abstract bool SentinelIsCounted { get; }

        protected abstract bool IsSentinelAnswer(Incoming frame);

        protected abstract byte[] Probe(long echo);

        protected abstract bool IsProbeAnswer(Incoming frame, long echo);

        /// <summary>A frame the connection may get besides answers (kfk's civility notice after an accepted say).</summary>
        protected virtual bool IsPush(Incoming frame) => false;

        /// <summary>What the hub does when a frame is refused for its rate: the test must never see it.</summary>
        protected abstract bool IsRateLimited(Incoming frame);

        /// <summary>Greeting (likeshop) or login (kfk) after the socket opens.</summary>
        protected abstract Task GreetAsync();

        /// <summary>Counts the fuzz frame's answer (null: none) and names the outcome.</summary>
        protected abstract string Record(Incoming? answer);

        public async Task RunAsync()
        {
            await OpenAsync();
            for (var i = 0; i < frames.Count; i++)
            {
                try
                {
                    await ExchangeAsync(frames[i], ProbeBase + i);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or AnswerException)
                {
                    var socket = _socket!;
                    var what = socket.CloseStatus is { } status
                        ? $"socket closed {(int)status} {status} \"{socket.CloseStatusDescription}\""
                        : ex is OperationCanceledException ? $"no answer within {AnswerTimeout.TotalSeconds} s" : ex.Message;
                    Failures.Add($"{hub} connection {index} frame {i} [{frames[i].Recipe}] {Show(frames[i])} → {what}");
                    if (Failures.Count > MaxReconnects)
                    {
                        return;
                    }
                    socket.Dispose();
                    try
                    {
                        await OpenAsync();
                    }
                    catch (Exception reopen) when (reopen is WebSocketException or OperationCanceledException or AnswerException)
                    {
                        Failures.Add($"{hub} connection {index} could not reconnect: {reopen.Message}");
                        return;
                    }
                }
            }
        }

        public async Task<bool> AnswersPingAsync()
        {
            try
            {
                if (_socket is not { State: WebSocketState.Open })
                {
                    return false;
                }
                if (SentinelIsCounted)
                {
                    await PaceAsync();
                }
                await SendAsync(Sentinel, WebSocketMessageType.Text);
                var before = await ReadUntilAsync(IsSentinelAnswer);
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return before.Count == 0;
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or AnswerException)
            {
                return false;
            }
            finally
            {
                _socket?.Dispose();
            }
        }

        private async Task OpenAsync()
        {
            _socket = new ClientWebSocket();
            await _socket.ConnectAsync(Url, CancellationToken.None);
            await GreetAsync();
        }

        private async Task ExchangeAsync(FuzzFrame frame, long echo)
        {
            await PaceAsync();
            FramesSent++;
            await SendAsync(frame.Bytes, frame.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text);
            SentinelsSent++;
            await SendAsync(Sentinel, WebSocketMessageType.Text);
            var answers = await ReadUntilAsync(IsSentinelAnswer);
            if (answers.Count > 1)
            {
                throw new AnswerException($"{answers.Count} answers: {string.Join(" | ", answers)}");
            }
            if (answers.Count == 0)
            {
                await PaceAsync();
                ProbesSent++;
                await SendAsync(Probe(echo), WebSocketMessageType.Text);
                answers = await ReadUntilAsync(f => IsProbeAnswer(f, echo));
                if (answers.Count > 1 || answers.Any(a => !IsSentinelAnswer(a)))
                {
                    throw new AnswerException($"unexpected before the probe's answer: {string.Join(" | ", answers)}");
                }
            }
            var outcome = Record(answers.Count == 1 ? answers[0] : null);
            Outcomes[outcome] = Outcomes.GetValueOrDefault(outcome) + 1;
        }

        protected async Task SendCountedAsync(byte[] bytes)
        {
            await PaceAsync();
            await SendAsync(bytes, WebSocketMessageType.Text);
        }

        private Task PaceAsync()
        {
            var wait = Pause - Stopwatch.GetElapsedTime(_answeredAt);
            return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
        }

        private Task SendAsync(byte[] bytes, WebSocketMessageType type) => _socket!.SendAsync(bytes, type, true, CancellationToken.None);

        /// <summary>The frames before the first that <paramref name="isAnswer"/> accepts, pushes left out.</summary>
        protected async Task<List<Incoming>> ReadUntilAsync(Func<Incoming, bool> isAnswer)
        {
            var before = new List<Incoming>();
            using var timeout = new CancellationTokenSource(AnswerTimeout);
            while (true)
            {
                var frame = await ReceiveAsync(timeout.Token);
                if (IsRateLimited(frame))
                {
                    throw new AnswerException("rate-limited, so the frame was not even read: " + frame);
                }
                if (isAnswer(frame))
                {
                    _answeredAt = Stopwatch.GetTimestamp();
                    return before;
                }
                if (!IsPush(frame))
                {
                    before.Add(frame);
                }
            }
        }

        private async Task<Incoming> ReceiveAsync(CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>();
            while (true)
            {
                var result = await _socket!.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new AnswerException($"socket closed {(int?)_socket.CloseStatus} {_socket.CloseStatus} \"{_socket.CloseStatusDescription}\"");
                }
                buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    return new Incoming(buffer.WrittenSpan.ToArray());
                }
            }
        }

        /// <summary>The frame for a report: printable characters as they are, anything else as \xNN; long runs elided.</summary>
        private static string Show(FuzzFrame frame)
        {
            var text = new StringBuilder();
            var bytes = frame.Bytes.AsSpan();
            while (!bytes.IsEmpty)
            {
                if (Rune.DecodeFromUtf8(bytes, out var rune, out var used) == OperationStatus.Done && rune.Value >= ' ' && rune.Value != 0x7f)
                {
                    text.Append(rune.ToString());
                }
                else
                {
                    foreach (var b in bytes[..used])
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
                    }
                }
                bytes = bytes[used..];
            }
            var shown = text.Length > 600 ? $"{text.ToString(0, 400)}…({frame.Bytes.Length} bytes)…{text.ToString(text.Length - 150, 150)}" : text.ToString();
            return $"{(frame.Binary ? "binary" : "text")} {frame.Bytes.Length} bytes `{shown}`";
        }
    }

    private sealed class LikeshopBuyer(RealtimeStack stack, int index, IReadOnlyList<FuzzFrame> frames, long shopId, long userId, string token)
        : FuzzConnection("likeshop", index, frames)
    {
        private const string RateLimitedMessage = "发送过于频繁，请稍后再试";

        public long UserId => userId;

        /// <summary>The distinct records the buyer's chats stored (a resent client_msg_id answers the stored one again).</summary>
        public HashSet<string> AcceptedChatIds { get; } = [];

        protected override Uri Url => stack.ClientUrl("likeshop", $"?token={token}&type=user&client=6&shop_id={shopId}");

        protected override byte[] Sentinel { get; } = """{"event":"ping"}"""u8.ToArray();

        protected override bool SentinelIsCounted => true;

        protected override bool IsSentinelAnswer(Incoming frame) => frame.String("event") == "ping";

        protected override byte[] Probe(long echo) => Encoding.UTF8.GetBytes($$$"""{"event":"sync","data":{"after_seq":{{{echo}}}}}""");

        protected override bool IsProbeAnswer(Incoming frame, long echo) => frame.String("event") == "sync" && frame.Number("data", "after_seq") == echo;

        protected override bool IsRateLimited(Incoming frame) => frame.String("event") == "error" && frame.String("data", "msg") == RateLimitedMessage;

        protected override async Task GreetAsync()
        {
            var beforePing = await ReadUntilAsync(f => f.String("event") == "ping");
            var beforeLogin = await ReadUntilAsync(f => f.String("event") == "login");
            if (beforePing.Count + beforeLogin.Count > 0)
            {
                throw new AnswerException("unexpected greeting: " + string.Join(" | ", beforePing.Concat(beforeLogin)));
            }
        }

        protected override string Record(Incoming? answer)
        {
            switch (answer?.String("event"))
            {
                case null when answer is null:
                    Accepted++;
                    return "no answer (read, typing or user_online)";
                case "chat":
                    Accepted++;
                    AcceptedChatIds.Add(answer.String("data", "id") ?? throw new AnswerException("a chat record without id: " + answer));
                    return "chat";
                case "error":
                    Refused++;
                    return "error " + answer.String("data", "msg");
                case { } name:
                    Accepted++;
                    return name;
                default:
                    throw new AnswerException("not a likeshop frame: " + answer);
            }
        }
    }

    private sealed class KfkBuyer(RealtimeStack stack, int index, IReadOnlyList<FuzzFrame> frames, string room, string token)
        : FuzzConnection("kfk", index, frames)
    {
        private const string RateLimitedMessage = "您的发送频率太快了";

        public string Room => room;

        /// <summary>An accepted say is the one frame kfk does not answer.</summary>
        public int AcceptedSays { get; private set; }

        protected override Uri Url => stack.ClientUrl("kfk");

        protected override byte[] Sentinel { get; } = "ping"u8.ToArray();

        protected override bool SentinelIsCounted => false;

        protected override bool IsSentinelAnswer(Incoming frame) => frame.Text == "pong";

        protected override byte[] Probe(long echo) => Encoding.UTF8.GetBytes($$"""{"type":"msg_list","order_num":"{{room}}","page":{{echo}}}""");

        protected override bool IsProbeAnswer(Incoming frame, long echo) =>
            frame.String("data", "type") == "msg_list" && frame.Number("data", "content", "current_page") == echo;

        protected override bool IsPush(Incoming frame) =>
            frame.String("msg") == "success" && frame.String("from") == "sys" && frame.String("data", "type") == "text";

        protected override bool IsRateLimited(Incoming frame) => frame.String("msg") == "error" && frame.String("data", "content") == RateLimitedMessage;

        protected override async Task GreetAsync()
        {
            await SendCountedAsync(Encoding.UTF8.GetBytes($$$"""{"type":"login","token":"{{{token}}}","data":{"type":"user","authtype":"h5","room":"{{{room}}}"}}"""));
            var before = await ReadUntilAsync(f => f.String("msg") == "login_success");
            if (before.Count > 0)
            {
                throw new AnswerException("login refused: " + string.Join(" | ", before));
            }
        }

        protected override string Record(Incoming? answer)
        {
            if (answer is null)
            {
                Accepted++;
                AcceptedSays++;
                return "no answer (say stored)";
            }
            if (answer.Text == "pong")
            {
                Accepted++;
                return "pong";
            }
            switch (answer.String("msg"))
            {
                case "error" or "token_invalid" or "no_login":
                    Refused++;
                    return answer.String("msg") + " " + answer.String("data", "content");
                case "login_success":
                    Accepted++;
                    return "login_success";
                case "success" when answer.String("data", "type") is "msg_list" or "report_detail":
                    Accepted++;
                    return answer.String("data", "type")!;
                default:
                    throw new AnswerException("not a kfk answer: " + answer);
            }
        }
    }
}
