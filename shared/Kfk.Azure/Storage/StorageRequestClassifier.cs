using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Kfk.Azure.Storage;

/// <summary>Tells from a storage request's method, URL and (for <c>$batch</c>) the start of its body what it costs.</summary>
public static partial class StorageRequestClassifier
{
    public const string AccountResource = "(account)";
    private const string BatchSegment = "$batch";

    // An entity group transaction's first sub-request line ("POST http://host/account/Table HTTP/1.1") names the table.
    // The table name comes before any key, so the first bytes of the body are enough.
    private const int BatchPrefixBytes = 2048;

    public static StorageRequest Classify(StorageService service, Request request) => service switch
    {
        StorageService.Tables => ClassifyTable(request),
        StorageService.Blobs => new(StorageRequestKind.BlobOperation, OrAccount(new BlobUriBuilder(request.Uri.ToUri()).BlobContainerName)),
        StorageService.Queues => new(StorageRequestKind.QueueOperation, OrAccount(new QueueUriBuilder(request.Uri.ToUri()).QueueName)),
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    private static StorageRequest ClassifyTable(Request request)
    {
        var segment = ResourceSegment(request.Uri.Path);
        var query = request.Uri.Query;
        if (segment == BatchSegment)
        {
            return new(StorageRequestKind.TableTransaction, BatchTable(request.Content) ?? BatchSegment);
        }
        // Service-level requests carry comp= or restype= (properties, statistics, ACLs) or address the Tables resource.
        if (segment.Length == 0 || segment == "Tables" || query.Contains("comp=", StringComparison.Ordinal) || query.Contains("restype=", StringComparison.Ordinal))
        {
            return new(StorageRequestKind.TableService, AccountResource);
        }
        var read = request.Method == RequestMethod.Get || request.Method == RequestMethod.Head;
        return new(read ? StorageRequestKind.TableRead : StorageRequestKind.TableTransaction, segment);
    }

    /// <summary>
    /// The table (or <c>Tables</c>, <c>$batch</c>) a table service path addresses, without its key predicate:
    /// <c>/devstoreaccount1/Messages(PartitionKey='p',RowKey='r')</c> and <c>/Messages()</c> both give <c>Messages</c>.
    /// Keys may hold escaped slashes but never an unescaped one, and table names hold no parenthesis, so the table is
    /// the last segment before the first parenthesis.
    /// </summary>
    private static string ResourceSegment(string path)
    {
        var paren = path.IndexOf('(', StringComparison.Ordinal);
        var head = paren < 0 ? path.TrimEnd('/') : path[..paren];
        return head[(head.LastIndexOf('/') + 1)..];
    }

    private static string? BatchTable(RequestContent? content)
    {
        if (content is null)
        {
            return null;
        }
        using var prefix = new PrefixStream(BatchPrefixBytes);
        content.WriteTo(prefix, CancellationToken.None);
        var match = SubRequestLine().Match(Encoding.UTF8.GetString(prefix.Captured));
        if (!match.Success || !Uri.TryCreate(match.Groups["url"].Value, UriKind.RelativeOrAbsolute, out var url))
        {
            return null;
        }
        var table = ResourceSegment(url.IsAbsoluteUri ? url.AbsolutePath : url.OriginalString.Split('?')[0]);
        return table.Length > 0 ? table : null;
    }

    private static string OrAccount(string? name) => string.IsNullOrEmpty(name) ? AccountResource : name;

    [GeneratedRegex(@"^(?:POST|PUT|PATCH|MERGE|DELETE|GET) (?<url>\S+) HTTP/1\.1", RegexOptions.Multiline)]
    private static partial Regex SubRequestLine();

    /// <summary>A write-only stream that keeps the first bytes written to it and discards the rest.</summary>
    private sealed class PrefixStream(int capacity) : Stream
    {
        private readonly byte[] _buffer = new byte[capacity];
        private int _length;

        public ReadOnlySpan<byte> Captured => _buffer.AsSpan(0, _length);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var take = Math.Min(buffer.Length, _buffer.Length - _length);
            buffer[..take].CopyTo(_buffer.AsSpan(_length));
            _length += take;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
