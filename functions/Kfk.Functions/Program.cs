using Kfk.Azure;
using Kfk.Azure.Storage;
using Kfk.Azure.WebPubSub;
using Kfk.Functions.Agents;
using Kfk.Functions.Disputes;
using Kfk.Functions.Health;
using Kfk.Functions.Hosting;
using Kfk.Functions.Likeshop;
using Kfk.Functions.Media;
using Kfk.Functions.Observability;
using Kfk.Functions.Platform;
using Kfk.Functions.QuickReplies;
using Kfk.Functions.Realtime;
using Kfk.Functions.Shops;
using Kfk.Functions.WebApp;
using Kfk.Functions.Webhooks;

// No reload-on-change: its file watcher covers the whole content root (under ./run.sh the repository, logs and all),
// costing CPU on every log write; Azure restarts the app when its settings change.
var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);

builder.ConfigureKfkHosting();
builder.AddKfkObservability();
builder.Services.AddKfkStorage();
builder.Services.AddKfkWebPubSub();
builder.Services.AddKfkStores();
builder.Services.AddPlatformAuthentication();
builder.Services.AddRealtimeEventLimits();
builder.Services.AddLikeshopCompatibility();
builder.Services.AddDisputeSlaTimer();
builder.Services.AddPlatformWebhooks();
builder.Services.AddMediaUploads();
builder.Services.AddKfkOpenApi();
builder.Services.AddKfkHealthChecks();

var app = builder.Build();

app.UseKfkHosting();
app.UseKfkWebApp();
app.MapRoot();
var api = app.MapGroup("/api/v1").ThrowGeneratedBindingFailures();
api.MapHealth();
api.MapProbes();
api.MapDiagnostics(app.Configuration);
api.MapPlatformData();
api.MapTokens();
api.MapNegotiate();
api.MapAgents();
api.MapQuickReplies();
api.MapCustomerServiceSettings();
api.MapDisputes();
api.MapUploads();
api.MapAvatars();
api.MapWebhooks();
app.MapKefuAccount();
app.MapKefuChat();
app.MapUserChat();
app.MapKefuFile();
app.MapMedia();
app.MapWebPubSubEventHandler();
app.MapDisputeSlaFunction();
app.MapWebhookDeliveryFunction();
app.MapKfkOpenApi();
app.MapDemoToken();

app.Run();

public partial class Program;
