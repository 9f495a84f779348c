using EddCloud.Edge.Hosting;
using EddCloud.Grains.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// The edge reads its own file, then EDD_* environment variables, then the command line (like the silo).
builder.Configuration.Sources.Clear();
builder.Configuration.AddJsonFile("edgesettings.json", optional: true).AddEddEnvironmentVariables().AddCommandLine(args);
builder.AddEdge();

var app = builder.Build();
app.UseEdge();
app.Run();
