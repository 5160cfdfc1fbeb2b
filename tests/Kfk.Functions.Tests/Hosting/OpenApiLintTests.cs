using System.Diagnostics;
using System.Text.Json;
using Kfk.Testing;
using Xunit.Abstractions;

namespace Kfk.Functions.Tests.Hosting;

/// <summary>
/// The served OpenAPI document, linted offline by Redocly CLI (tests/conformance's devDependency) with its recommended
/// rules (tests/conformance/redocly.yaml): no errors, so that a client generator can trust it.
/// </summary>
public sealed class OpenApiLintTests(ITestOutputHelper output)
{
    [Fact]
    public async Task OpenApiDocument_HasNoErrors_UnderRedoclysRecommendedRules()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        using var client = app.CreateClient();
        // Kept under artifacts/ (git-ignored) for whoever reads the lint output below.
        var documentPath = RepositoryPaths.Combine("artifacts", "openapi", "openapi.json");
        Directory.CreateDirectory(Path.GetDirectoryName(documentPath)!);
        await File.WriteAllTextAsync(documentPath, await client.GetStringAsync("/api/v1/openapi.json"));

        var (exitCode, report, errors) = await RunRedoclyAsync(documentPath);

        output.WriteLine(errors);
        using var json = JsonDocument.Parse(report);
        var totals = json.RootElement.GetProperty("totals");
        foreach (var problem in json.RootElement.GetProperty("problems").EnumerateArray())
        {
            var where = string.Join(", ", problem.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()));
            output.WriteLine($"{problem.GetProperty("severity").GetString()} {problem.GetProperty("ruleId").GetString()}: {problem.GetProperty("message").GetString()} at {where}");
        }
        output.WriteLine($"{totals.GetProperty("errors").GetInt32()} errors, {totals.GetProperty("warnings").GetInt32()} warnings");
        Assert.Equal(0, totals.GetProperty("errors").GetInt32());
        Assert.Equal(0, exitCode);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunRedoclyAsync(string documentPath)
    {
        var conformance = RepositoryPaths.Combine("tests", "conformance");
        var cli = Path.Combine(conformance, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"{cli} is missing: run npm ci in tests/conformance (./test.sh does)");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = conformance,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Offline: no usage telemetry, no update check.
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["CI"] = "true" },
        };
        foreach (var argument in new[] { cli, "lint", documentPath, "--config", Path.Combine(conformance, "redocly.yaml"), "--format", "json", "--max-problems", "1000" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
