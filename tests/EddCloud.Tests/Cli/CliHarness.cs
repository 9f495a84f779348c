using EddCloud.Cli;
using EddCloud.Cli.Config;

namespace EddCloud.Tests.Cli;

/// <summary>
/// One CLI "process" for a test: its own config directory, environment, console and fake
/// server, so tests never share state (and never touch the real ~/.config).
/// </summary>
public sealed class CliHarness : IDisposable
{
    public const string Server = "http://localhost:8080";

    public CliHarness()
    {
        ConfigDirectory = Path.Combine(Path.GetTempPath(), "edd-cli-tests-" + Guid.NewGuid().ToString("N"), "eddcloud");
        Environment["EDD_CONFIG_DIR"] = ConfigDirectory;
    }

    public string ConfigDirectory { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public FakeServerHandler ServerHandler { get; } = new();

    public FakeConsole Console { get; private set; } = new();

    public ConfigStore Store => new(ConfigDirectory);

    public string Out => Console.OutText.ToString();

    public string Error => Console.ErrorText.ToString();

    /// <summary>Stores a session as <c>edd login</c> would.</summary>
    public CliHarness SignedIn(string token = "session-jwt", string server = Server, DateTimeOffset? expiresAt = null)
    {
        Store.Save(new CliConfig(server, token, "alice", expiresAt ?? DateTimeOffset.UtcNow.AddHours(1)));
        return this;
    }

    public async Task<int> RunAsync(FakeConsole console, params string[] args)
    {
        Console = console;
        var host = new CliHost(
            console,
            name => Environment.TryGetValue(name, out var value) ? value : null,
            server => new HttpClient(ServerHandler, disposeHandler: false) { BaseAddress = server },
            TimeProvider.System);
        return await CliApp.RunAsync(args, host);
    }

    public Task<int> RunAsync(params string[] args) => RunAsync(new FakeConsole(), args);

    public void Dispose()
    {
        var root = Path.GetDirectoryName(ConfigDirectory)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        ServerHandler.Dispose();
    }
}
