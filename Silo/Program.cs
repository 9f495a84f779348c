using EddCloud.Grains.Hosting;
using EddCloud.Silo.Compute;
using EddCloud.Silo.Dfs;
using EddCloud.Silo.Dfs.DataPlane;
using EddCloud.Silo.Events;
using EddCloud.Silo.Hosting;
using EddCloud.Silo.Hosting.Database;
using EddCloud.Silo.Routing;
using EddCloud.Silo.Ssh;
using EddCloud.Silo.Storage;
using EddCloud.Silo.Users;
using EddCloud.Silo.Users.Auth;

var builder = WebApplication.CreateBuilder(args);
// Precedence: appsettings.json, then EDD_* environment variables, then the command line.
builder.Configuration.AddEddEnvironmentVariables().AddCommandLine(args);

var dataDirectory = Path.GetFullPath(builder.Configuration["DataDirectory"] ?? "./data");
var cluster = builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();

if (args.FirstOrDefault() == "migrate")
{
    // `EddCloud.Silo migrate`: apply the database schema and exit (also done at every start).
    await DatabaseSiloBuilderExtensions.MigrateAsync(cluster, dataDirectory, CancellationToken.None);
    Console.WriteLine("Database schema is up to date.");
    return;
}

builder.AddEddHosting();
// The event bus (and the local nats-server it may supervise) starts before the silo: grains publish.
builder.Services.AddEvents(builder.Configuration, dataDirectory);
builder.UseOrleans(silo => silo.AddEddDatabase(cluster, dataDirectory));
builder.Services.AddUsers();
builder.Services.AddDfs(builder.Configuration, dataDirectory);
builder.Services.AddStorage();
builder.Services.AddSingleton<EddCloud.Silo.Events.IEventHandler, SshUserDeletedHandler>();
// Containers: the engine (Docker's socket, or a local Podman the silo supervises; never fails the silo).
builder.Services.AddCompute(builder.Configuration, dataDirectory);
builder.Services.AddEdgeRouting(builder.Configuration);

var app = builder.Build();
app.UseEddHosting();
app.UseWebSockets();
app.UseAuthentication();
app.UseCsrfProtection();
app.UseRateLimiter();
app.UseAuthorization();
app.MapHealthEndpoints();
app.MapUsersEndpoints();
app.MapDfsEndpoints();
app.MapStorageEndpoints();
app.MapSshKeysEndpoints();
app.MapComputeEndpoints();
app.MapRoutingEndpoints();
app.MapDataPlaneEndpoints();
app.MapDashboard();
app.Run();
