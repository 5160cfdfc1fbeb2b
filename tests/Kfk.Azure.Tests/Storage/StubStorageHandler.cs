using System.Net;
using System.Text;

namespace Kfk.Azure.Tests.Storage;

/// <summary>Stands in for the storage service: answers each request with the next scripted response and counts requests.</summary>
public sealed class StubStorageHandler(params Func<HttpResponseMessage>[] responses) : HttpMessageHandler
{
    private int _sent;

    public int Sent => _sent;

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.Add(name, value);
        }
        return response;
    }

    public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new ByteArrayContent([]) };

    /// <summary>A successful entity group transaction response with one 204 per operation.</summary>
    public static HttpResponseMessage BatchAccepted(int operations)
    {
        var body = new StringBuilder("--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_1\r\n\r\n");
        for (var i = 0; i < operations; i++)
        {
            body.Append("--changesetresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .Append("HTTP/1.1 204 No Content\r\nDataServiceVersion: 3.0;\r\nETag: W/\"datetime'2025-01-01T00%3A00%3A00.0000000Z'\"\r\n\r\n\r\n");
        }
        body.Append("--changesetresponse_1--\r\n--batchresponse_1--\r\n");
        var content = new StringContent(body.ToString(), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batchresponse_1");
        return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = content };
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _sent) - 1;
        return Task.FromResult(responses[Math.Min(index, responses.Length - 1)]());
    }
}
