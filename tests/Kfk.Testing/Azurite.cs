using System.Diagnostics;
using System.Text;

namespace Kfk.Testing;

/// <summary>
/// Azurite from <c>tools/azurite</c> as a child process on 127.0.0.1 with free ports and in-memory data.
/// One instance serves a whole test run (tests isolate themselves with unique resource names); it is killed
/// when the test process exits. If it cannot start, tests fail with the command that fixes it: they never skip.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    // Azurite's well-known development key (public, documented by Azurite; not a secret).
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<Task<Azurite>> SharedInstance = new(StartAsync);
    private readonly Process _process;

    private Azurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static Task<Azurite> SharedAsync() => SharedInstance.Value;

    /// <summary>A connection string in Azurite's form for any ports (a closed one simulates an outage).</summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    public static async Task<Azurite> StartAsync()
    {
        var script = RepositoryPaths.Combine("tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({script} is missing). Fix: npm ci --prefix {RepositoryPaths.Combine("tools", "azurite")}  (./test.sh does this)");
        }
        int blobPort = FreePorts.Next(), queuePort = FreePorts.Next(), tablePort = FreePorts.Next();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            script, "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--loose", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started: is Node.js installed?");
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, blobPort, queuePort, tablePort);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Kill();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                break;
            }
            if (await FreePorts.AcceptsConnectionsAsync(blobPort) && await FreePorts.AcceptsConnectionsAsync(queuePort)
                && await FreePorts.AcceptsConnectionsAsync(tablePort))
            {
                return azurite;
            }
            await Task.Delay(100);
        }
        azurite.Kill();
        string log;
        lock (output)
        {
            log = output.ToString();
        }
        throw new InvalidOperationException($"Azurite did not start within 30 s. Its output:\n{log}");
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
