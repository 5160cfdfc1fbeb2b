using Kfk.Azure.Storage;
using Kfk.Azure.WebPubSub;
using Kfk.Functions.Health;
using Kfk.Functions.Hosting;
using Kfk.Functions.Platform;
using Kfk.Functions.Realtime;

var builder = WebApplication.CreateSlimBuilder(args);

builder.ConfigureKfkHosting();
builder.Services.AddKfkStorage();
builder.Services.AddKfkWebPubSub();
builder.Services.AddPlatformAuthentication();
builder.Services.AddKfkOpenApi();

var app = builder.Build();

app.UseKfkHosting();
app.MapRoot();
var api = app.MapGroup("/api/v1");
api.MapHealth();
app.MapWebPubSubEventHandler();
app.MapKfkOpenApi();

app.Run();

public partial class Program;
