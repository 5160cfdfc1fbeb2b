using System.Text.Json;
using System.Text.RegularExpressions;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Deployment;

/// <summary>
/// Every parameter of infra/bicep/main.bicep can be set with <c>azd env set</c>: main.parameters.json maps each one to
/// an environment variable, with the template's own default where it has one, so an unset variable changes nothing.
/// </summary>
public sealed partial class AzdParametersTests
{
    private static readonly string MainBicep = File.ReadAllText(RepositoryPaths.Combine("infra", "bicep", "main.bicep"));

    [Fact]
    public void EveryTemplateParameter_IsAnAzdEnvironmentVariable()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "bicep", "main.parameters.json")));
        var mapped = file.RootElement.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetString()!);
        var declared = Parameter().Matches(MainBicep).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["default"].Success ? m.Groups["default"].Value : null);

        Assert.Equal(declared.Keys.Order(StringComparer.Ordinal), mapped.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in mapped)
        {
            var substitution = Substitution().Match(value);
            Assert.True(substitution.Success, $"{name}: '{value}' is not an azd ${{VARIABLE}} substitution");
            if (declared[name] is { } templateDefault && templateDefault != "resourceGroup().location" && substitution.Groups["default"].Success)
            {
                Assert.Equal(templateDefault.Trim('\''), substitution.Groups["default"].Value);
            }
        }
    }

    [GeneratedRegex(@"^param (?<name>\w+) \w+(?: = (?<default>.+))?$", RegexOptions.Multiline)]
    private static partial Regex Parameter();

    [GeneratedRegex(@"^\$\{(?<variable>[A-Z][A-Z0-9_]*)(?:=(?<default>[^}]*))?\}$")]
    private static partial Regex Substitution();
}
