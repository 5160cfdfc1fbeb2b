using System.IO.Compression;
using System.Text.Json;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Packaging;

/// <summary>Checks the deployable zip that <c>./package.sh</c> builds (./test.sh builds it before the tests run).</summary>
public sealed class PackageLayoutTests
{
    private static readonly string ZipPath =
        Environment.GetEnvironmentVariable("KFK_PACKAGE_ZIP") is { Length: > 0 } path ? path : RepositoryPaths.Combine("artifacts", "kfk-functions.zip");

    [Fact]
    public void Package_HasHostJsonAtRoot_WithProxyingCustomHandler()
    {
        using var zip = OpenPackage();
        using var hostJson = ReadJson(zip, "host.json");

        var handler = hostJson.RootElement.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.Equal("", hostJson.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void Package_EveryFunctionJsonParses_AndTheCatchAllIsExactlyHttpInAndOut()
    {
        using var zip = OpenPackage();
        var functionFiles = zip.Entries.Where(e => e.FullName.Count(c => c == '/') == 1 && e.Name == "function.json").ToList();

        Assert.NotEmpty(functionFiles);
        foreach (var entry in functionFiles)
        {
            using var document = ReadJson(zip, entry.FullName);
            Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("bindings").ValueKind);
        }
        using var proxy = ReadJson(zip, "proxy/function.json");
        var types = proxy.RootElement.GetProperty("bindings").EnumerateArray().Select(b => b.GetProperty("type").GetString()!).ToArray();
        Assert.Equal(["httpTrigger", "http"], types);
    }

    [Fact]
    public void Package_TheDefaultExecutableExists_AndIsExecutable()
    {
        using var zip = OpenPackage();
        using var hostJson = ReadJson(zip, "host.json");
        var executable = hostJson.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;

        var entry = zip.GetEntry(executable);

        Assert.NotNull(entry);
        var unixMode = (entry.ExternalAttributes >> 16) & 0b111_111_111;
        Assert.True((unixMode & 0b001_001_001) != 0, $"{executable} has mode {Convert.ToString(unixMode, 8)}: not executable");
        Assert.True(entry.Length > 0);
    }

    [Fact]
    public void Package_TheExecutableIsANativeAotBinary_WithNoManagedAssemblies_NorSymbolsOrDocs()
    {
        using var zip = OpenPackage();
        using var hostJson = ReadJson(zip, "host.json");
        var executable = hostJson.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        var entry = zip.GetEntry(executable);
        Assert.NotNull(entry);
        var magic = new byte[4];
        using (var stream = entry.Open())
        {
            stream.ReadExactly(magic);
        }

        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, magic);
        // A managed apphost would sit next to Kfk.Functions.dll and the framework's assemblies; Native AOT has none.
        Assert.DoesNotContain(zip.Entries, e => e.Name.EndsWith(".dll", StringComparison.Ordinal));
        Assert.DoesNotContain(zip.Entries, e => e.Name.EndsWith(".dbg", StringComparison.Ordinal) || e.Name.EndsWith(".pdb", StringComparison.Ordinal)
            || e.Name.EndsWith(".xml", StringComparison.Ordinal));
        // SkiaSharp's native library ships beside the binary (image uploads).
        Assert.NotNull(zip.GetEntry(Path.GetDirectoryName(executable) + "/libSkiaSharp.so"));
    }

    [Fact]
    public void Package_ServesTheWebApp_BesideTheExecutable_ThroughTheCatchAllProxyRoute()
    {
        using var zip = OpenPackage();
        using var hostJson = ReadJson(zip, "host.json");
        using var proxy = ReadJson(zip, "proxy/function.json");
        var appFolder = hostJson.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("workingDirectory").GetString()!;
        var route = proxy.RootElement.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger")
            .GetProperty("route").GetString();

        // The catch-all (with routePrefix "") hands /app/... to the app, which serves them from webapp/ beside itself.
        Assert.Equal("{*path}", route);
        foreach (var file in new[] { "widget.js", "workbench/index.html", "demo/index.html" })
        {
            var entry = zip.GetEntry($"{appFolder}/webapp/{file}");
            Assert.True(entry is { Length: > 0 }, $"{appFolder}/webapp/{file} is missing from the package (web/ not built before ./package.sh?)");
        }
        var workbench = new StreamReader(zip.GetEntry($"{appFolder}/webapp/workbench/index.html")!.Open()).ReadToEnd();
        foreach (var asset in System.Text.RegularExpressions.Regex.Matches(workbench, "/app/(assets/[^\"]+)").Select(m => m.Groups[1].Value))
        {
            Assert.NotNull(zip.GetEntry($"{appFolder}/webapp/{asset}"));
        }
    }

    private static ZipArchive OpenPackage()
    {
        Assert.True(File.Exists(ZipPath), $"{ZipPath} is missing: run ./package.sh first (./test.sh does).");
        return ZipFile.OpenRead(ZipPath);
    }

    private static JsonDocument ReadJson(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"{name} is missing from the package");
        using var stream = entry.Open();
        return JsonDocument.Parse(stream);
    }
}
