using EddCloud.Edge.Hosting;
using EddCloud.Grains.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// Like the silo: its own file, then environment variables (EDD_* win), then the command line; never the silo's
// appsettings.json, which sits in the same folder when both are built together.
builder.Configuration.Sources.Clear();
builder.Configuration.AddJsonFile("edgesettings.json", optional: true).AddEnvironmentVariables().AddEddEnvironmentVariables().AddCommandLine(args);
builder.AddEdge();

var app = builder.Build();
app.UseEdge();
app.Run();
