using Kfk.Azure.Storage;
using Kfk.Functions.Health;
using Kfk.Functions.Hosting;
using Kfk.Functions.Platform;

var builder = WebApplication.CreateSlimBuilder(args);

builder.ConfigureKfkHosting();
builder.Services.AddKfkStorage();
builder.Services.AddPlatformAuthentication();
builder.Services.AddKfkOpenApi();

var app = builder.Build();

app.UseKfkHosting();
app.MapRoot();
var api = app.MapGroup("/api/v1");
api.MapHealth();
app.MapKfkOpenApi();

app.Run();

public partial class Program;
