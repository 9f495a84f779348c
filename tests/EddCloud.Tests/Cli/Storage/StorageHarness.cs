using EddCloud.Cli;
using EddCloud.Cli.Config;
using EddCloud.Tests.Cli.Dfs;

namespace EddCloud.Tests.Cli.Storage;

/// <summary>
/// One <c>edd</c> "process" for a storage test: its own config directory (signed in as alice), a scratch
/// folder for local files, the fake storage server and a <see cref="DfsConsole"/> (binary stdin/stdout).
/// </summary>
public sealed class StorageHarness : IDisposable
{
    public const string Server = "http://localhost:8080";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "edd-cli-storage-tests-" + Guid.NewGuid().ToString("N"));

    public StorageHarness()
    {
        var config = Path.Combine(_root, "config");
        Files = Directory.CreateDirectory(Path.Combine(_root, "files")).FullName;
        Environment["EDD_CONFIG_DIR"] = config;
        new ConfigStore(config).Save(new CliConfig(Server, "session-jwt", "alice", DateTimeOffset.UtcNow.AddHours(1)));
    }

    /// <summary>A scratch folder for local files.</summary>
    public string Files { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public StorageFakeServer ServerHandler { get; } = new();

    public DfsConsole Console { get; private set; } = new();

    public string Out => Console.OutText.ToString();

    public string Error => Console.ErrorText.ToString();

    public string LocalPath(string name) => Path.Combine(Files, name);

    public string WriteLocal(string name, byte[] data)
    {
        var path = LocalPath(name);
        File.WriteAllBytes(path, data);
        return path;
    }

    /// <summary>The clock the CLI sees (ages, waits); the real one unless a test sets its own.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    public Task<int> RunAsync(DfsConsole console, params string[] args) => RunAsync(console, CancellationToken.None, args);

    /// <summary>Cancelling <paramref name="ct"/> is Ctrl+C.</summary>
    public async Task<int> RunAsync(DfsConsole console, CancellationToken ct, params string[] args)
    {
        Console = console;
        var host = new CliHost(
            console,
            name => Environment.TryGetValue(name, out var value) ? value : null,
            server => new HttpClient(ServerHandler, disposeHandler: false) { BaseAddress = server },
            Time);
        return await CliApp.RunAsync(args, host, ct);
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
