using Kfk.Testing;

namespace Kfk.Functions.Tests.LocalStack;

/// <summary>
/// The local stack stays on 127.0.0.1: every place that launches Azurite (run.sh, the tests' fixture, the bench)
/// turns its telemetry off, otherwise it tries to reach Application Insights from developer machines and CI.
/// </summary>
public sealed class AzuriteLaunchTests
{
    private static readonly string[] Launchers =
    [
        "run.sh",
        Path.Combine("tests", "Kfk.Testing", "Azurite.cs"),
        Path.Combine("bench", "cold-start.mjs"),
    ];

    [Fact]
    public void EveryAzuriteLaunch_DisablesItsTelemetry()
    {
        foreach (var launcher in Launchers)
        {
            var text = File.ReadAllText(RepositoryPaths.Combine(launcher));
            Assert.True(text.Contains("azurite.js", StringComparison.Ordinal), $"{launcher} no longer launches Azurite: update this list");
            Assert.True(text.Contains("--disableTelemetry", StringComparison.Ordinal), $"{launcher} starts Azurite without --disableTelemetry");
        }
    }

    [Fact]
    public void NoOtherFileLaunchesAzurite_OutsideTheCheckedList()
    {
        var roots = new[] { "run.sh", "test.sh", "package.sh", "bench", "tools/scripts", "tests" };
        var launching = roots
            .SelectMany(FilesUnder)
            .Where(file => File.ReadAllText(file).Contains("azurite.js", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(RepositoryPaths.Root, file))
            .Where(file => !file.EndsWith(nameof(AzuriteLaunchTests) + ".cs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(Launchers.Order(StringComparer.Ordinal), launching);
    }

    private static IEnumerable<string> FilesUnder(string relative)
    {
        var path = RepositoryPaths.Combine(relative);
        if (File.Exists(path))
        {
            return [path];
        }
        return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && (file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".sh", StringComparison.Ordinal) || file.EndsWith(".mjs", StringComparison.Ordinal)));
    }
}
