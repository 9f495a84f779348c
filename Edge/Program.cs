var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// The edge reads its own file, then EDD_* environment variables, then the command line.
builder.Configuration.Sources.Clear();
builder.Configuration.AddJsonFile("edgesettings.json", optional: true).AddEnvironmentVariables("EDD_").AddCommandLine(args);

var app = builder.Build();
app.Run();
