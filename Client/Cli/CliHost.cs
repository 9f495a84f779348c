using EddCloud.Cli.Terminal;

namespace EddCloud.Cli;

/// <summary>
/// Everything the command tree touches outside itself. Tests pass a fake console, an
/// environment dictionary (including <c>EDD_CONFIG_DIR</c>) and an HttpClient factory over a
/// fake handler; <see cref="CreateDefault"/> wires the real process.
/// </summary>
public sealed record CliHost(
    ICliConsole Console,
    Func<string, string?> Environment,
    Func<Uri, HttpClient> CreateHttpClient,
    TimeProvider Time)
{
    public static CliHost CreateDefault() => new(
        new SystemConsole(),
        System.Environment.GetEnvironmentVariable,
        CreateRealHttpClient,
        TimeProvider.System);

    private static HttpClient CreateRealHttpClient(Uri server)
    {
        var handler = new SocketsHttpHandler
        {
            // A redirect could carry the bearer token to another host; report it instead of following it.
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"edd/{typeof(CliHost).Assembly.GetName().Version?.ToString(3) ?? "0"}");
        return client;
    }
}
