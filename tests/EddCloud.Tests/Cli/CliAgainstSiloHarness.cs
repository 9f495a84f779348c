using EddCloud.Cli;
using EddCloud.Cli.Config;

namespace EddCloud.Tests.Cli;

/// <summary>
/// One person's <c>edd</c> against the real silo: the real command tree and a real HttpClient, its own
/// temp EDD_CONFIG_DIR and environment, in-process so a test can read what it printed.
/// </summary>
public sealed class CliAgainstSiloHarness : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "edd-cli-silo-" + Guid.NewGuid().ToString("N"));

    public CliAgainstSiloHarness(Uri server)
    {
        ConfigDirectory = Path.Combine(_root, "eddcloud");
        Environment["EDD_CONFIG_DIR"] = ConfigDirectory;
        Environment["EDD_SERVER"] = server.ToString();
    }

    public string ConfigDirectory { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public ConfigStore Store => new(ConfigDirectory);

    public async Task<CliRun> RunAsync(FakeConsole console, params string[] args)
    {
        var host = new CliHost(
            console,
            name => Environment.TryGetValue(name, out var value) ? value : null,
            server => new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }, disposeHandler: true)
            {
                BaseAddress = server,
                Timeout = TimeSpan.FromSeconds(30),
            },
            TimeProvider.System);
        var exitCode = await CliApp.RunAsync(args, host);
        return new CliRun(string.Join(' ', args), exitCode, console.OutText.ToString(), console.ErrorText.ToString());
    }

    public Task<CliRun> RunAsync(params string[] args) => RunAsync(new FakeConsole(), args);

    /// <summary>Runs with one line on stdin, as <c>printf '%s\n' "$PW" | edd ... --password-stdin</c> would.</summary>
    public Task<CliRun> RunWithStdinAsync(string line, params string[] args) => RunAsync(new FakeConsole().WithLine(line), args);

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }
}

public sealed record CliRun(string Command, int ExitCode, string Out, string Error)
{
    public CliRun AssertOk()
    {
        Assert.True(ExitCode == ExitCodes.Ok, $"`edd {Command}` exited {ExitCode}\nstdout: {Out}\nstderr: {Error}");
        return this;
    }

    public override string ToString() => $"`edd {Command}` → {ExitCode}\nstdout: {Out}\nstderr: {Error}";
}
