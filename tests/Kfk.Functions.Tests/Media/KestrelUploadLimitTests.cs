using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Media;

/// <summary>
/// A 13 MB upload against the app on real Kestrel, whose request body limit (Kfk:Hosting:MaxRequestBodyBytes, 12 MB)
/// TestServer does not enforce: refused as too large on every upload route, whether it declares its Content-Length
/// (answered before the body is read) or comes chunked (Kestrel stops reading at its limit).
/// </summary>
/// <remarks>
/// Sent over a raw socket that stops writing once the server has all it will read: a client still pushing bytes when
/// the server answers and closes gets a broken pipe, which would make the test depend on timing.
/// </remarks>
public sealed class KestrelUploadLimitTests : IAsyncLifetime
{
    private const int Limit = 12 * 1024 * 1024;
    private const int Upload = 13 * 1024 * 1024;
    private readonly int _port = FreePorts.Next();
    private KfkApp _app = null!;
    private UploadRoutes _routes = null!;

    public async Task InitializeAsync()
    {
        _app = new KfkApp((await Azurite.SharedAsync()).ConnectionString, new Dictionary<string, string?>
        {
            ["Kfk:Hosting:Url"] = $"http://127.0.0.1:{_port}",
            ["Kfk:Hosting:MaxRequestBodyBytes"] = $"{Limit}",
        });
        _app.UseKestrel();
        _app.StartServer();
        _routes = await UploadRoutes.CreateAsync(() => new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var route in UploadRoutes.All)
        {
            data.Add(route, false);
            data.Add(route, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A13MegabyteUpload_IsTooLarge_NotAServerError(string route, bool chunked)
    {
        var answer = await PostRawAsync(route, chunked);

        MalformedUploadTests.AssertRefused(answer, route, HttpStatusCode.RequestEntityTooLarge, "too_large", "图片过大");
    }

    /// <summary>
    /// With Content-Length: the head declaring 13 MB and no body. Chunked: the form's start, then zeros until just past
    /// the limit (the rest of the 13 MB is never sent). Then reads the answer until the server closes.
    /// </summary>
    private async Task<UploadAnswer> PostRawAsync(string route, bool chunked)
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // only if the server never answers
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _port, safetyNet.Token);
        var stream = tcp.GetStream();
        var (name, value) = _routes.Caller(route);
        var head = $"POST {_routes.Path(route)} HTTP/1.1\r\nHost: 127.0.0.1:{_port}\r\n{name}: {value}\r\n" +
            "Content-Type: multipart/form-data; boundary=kfk-boundary\r\nConnection: close\r\n" +
            (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : $"Content-Length: {Upload}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), safetyNet.Token);
        if (chunked)
        {
            var part = "--kfk-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"u8.ToArray();
            await WriteChunkAsync(stream, part, safetyNet.Token);
            var zeros = new byte[64 * 1024];
            for (long sent = part.Length; sent <= Limit; sent += zeros.Length)
            {
                await WriteChunkAsync(stream, zeros, safetyNet.Token);
            }
        }
        using var response = new MemoryStream();
        await stream.CopyToAsync(response, safetyNet.Token);
        return Parse(response.ToArray());
    }

    private static async Task WriteChunkAsync(NetworkStream stream, byte[] data, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{data.Length:X}\r\n"), cancellationToken);
        await stream.WriteAsync(data, cancellationToken);
        await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
    }

    private static UploadAnswer Parse(byte[] response)
    {
        var split = response.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(split > 0, "No HTTP response: " + Encoding.UTF8.GetString(response));
        var lines = Encoding.ASCII.GetString(response, 0, split).Split("\r\n");
        var headers = lines[1..].Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = response[(split + 4)..];
        if (headers.GetValueOrDefault("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = Dechunk(body);
        }
        return new UploadAnswer((HttpStatusCode)int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture),
            headers.GetValueOrDefault("Content-Type")?.Split(';')[0], JsonDocument.Parse(body).RootElement.Clone());
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8) + position;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, position, lineEnd - position).Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToArray();
            }
            body.Write(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
