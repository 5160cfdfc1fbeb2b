using Kfk.Azure.WebPubSub;

namespace Kfk.Azure.Tests.WebPubSub;

public sealed class WebPubSubConnectionStringTests
{
    [Theory]
    [InlineData("Endpoint=https://kfk.webpubsub.azure.com;AccessKey=abc/def+ghi=;Version=1.0;", "https://kfk.webpubsub.azure.com/", "abc/def+ghi=")]
    [InlineData("endpoint=http://127.0.0.1:8080;accesskey=k;", "http://127.0.0.1:8080/", "k")]
    [InlineData(" Endpoint = http://localhost ; AccessKey = k ; Port = 5000 ;; ", "http://localhost:5000/", "k")]
    [InlineData("Endpoint=kfk.webpubsub.azure.com;AccessKey=k", "https://kfk.webpubsub.azure.com/", "k")]
    public void Parse_ReadsEndpointKeyAndPort(string text, string endpoint, string key)
    {
        var parsed = WebPubSubConnectionString.Parse(text);

        Assert.Equal(new Uri(endpoint), parsed.Endpoint);
        Assert.Equal(key, parsed.AccessKey);
        Assert.EndsWith("AccessKey=***", parsed.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccessKey=k")]
    [InlineData("Endpoint=https://x")]
    [InlineData("Endpoint=https://x;AccessKey=k;Endpoint=https://y")]
    [InlineData("Endpoint=ftp://x;AccessKey=k")]
    [InlineData("Endpoint=https://x;AccessKey=k;Port=99999")]
    [InlineData("Endpoint=https://x;AccessKey")]
    public void Parse_Malformed_Throws(string text) => Assert.Throws<FormatException>(() => WebPubSubConnectionString.Parse(text));
}
