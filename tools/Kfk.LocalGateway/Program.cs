using Kfk.LocalGateway.Clients;
using Kfk.LocalGateway.Configuration;
using Kfk.LocalGateway.Connections;
using Kfk.LocalGateway.Rest;
using Kfk.LocalGateway.Upstream;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "gateway.json"), optional: true)
    .AddJsonFile("gateway.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args);
builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.SectionName));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ConnectionRegistry>();
builder.Services.AddHttpClient<UpstreamDispatcher>();
var port = builder.Configuration.GetValue($"{GatewayOptions.SectionName}:Port", 8080);
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

var app = builder.Build();
var gateway = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
if (gateway.AccessKeys.Count == 0)
{
    throw new InvalidOperationException("Gateway:AccessKeys needs at least one key.");
}
app.UseWebSockets();
app.MapGet("/", () => Results.Text($"Kfk local Web PubSub gateway. Hubs: {string.Join(", ", gateway.Hubs.Keys)}.\n"));
app.MapClientEndpoint();
app.MapRestApi();
app.Run();

/// <summary>Lets tests host the gateway in process (<c>WebApplicationFactory&lt;GatewayEntryPoint&gt;</c>).</summary>
public sealed class GatewayEntryPoint;
