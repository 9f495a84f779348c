using EddCloud.Cli;
using EddCloud.Cli.Config;

namespace EddCloud.Tests.Cli.Dfs;

/// <summary>
/// One <c>edd</c> "process" for a DFS test: its own config directory, a scratch folder for local
/// files, the byte-exact fake server and a <see cref="DfsConsole"/>.
/// </summary>
public sealed class DfsHarness : IDisposable
{
    public const string Server = "http://localhost:8080";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "edd-cli-dfs-tests-" + Guid.NewGuid().ToString("N"));

    public DfsHarness()
    {
        ConfigDirectory = Path.Combine(_root, "config");
        Files = Directory.CreateDirectory(Path.Combine(_root, "files")).FullName;
        Environment["EDD_CONFIG_DIR"] = ConfigDirectory;
        new ConfigStore(ConfigDirectory).Save(new CliConfig(Server, "session-jwt", "alice", DateTimeOffset.UtcNow.AddHours(1)));
    }

    public string ConfigDirectory { get; }

    /// <summary>A scratch folder for local files.</summary>
    public string Files { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public DfsFakeServer ServerHandler { get; } = new();

    public DfsConsole Console { get; private set; } = new();

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public string Out => Console.OutText.ToString();

    public string Error => Console.ErrorText.ToString();

    public string LocalPath(string name) => Path.Combine(Files, name);

    public string WriteLocal(string name, byte[] data)
    {
        var path = LocalPath(name);
        File.WriteAllBytes(path, data);
        return path;
    }

    public async Task<int> RunAsync(DfsConsole console, params string[] args)
    {
        Console = console;
        var host = new CliHost(
            console,
            name => Environment.TryGetValue(name, out var value) ? value : null,
            server => new HttpClient(ServerHandler, disposeHandler: false) { BaseAddress = server },
            Time);
        return await CliApp.RunAsync(args, host);
    }

    public Task<int> RunAsync(params string[] args) => RunAsync(new DfsConsole(), args);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        ServerHandler.Dispose();
    }
}
