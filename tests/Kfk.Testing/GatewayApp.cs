using Kfk.LocalGateway;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kfk.Testing;

/// <summary>The local Web PubSub gateway in process, configured for one test.</summary>
public sealed class GatewayApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<GatewayProgram>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
