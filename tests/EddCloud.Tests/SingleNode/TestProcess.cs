using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EddCloud.Tests.SingleNode;

/// <summary>
/// One of the cloud's own processes (a silo, an edge) run by a test: started from the test's folder with its output
/// kept for failure messages, stopped with SIGTERM, or killed with SIGKILL as a crash would. When EDD_TEST_LOGS
/// names a folder, the output is also written there, one file per process, so that test.sh can show the
/// server-side errors of a failed run (a test sees only the 500; the exception is in the server's log).
/// </summary>
public sealed class TestProcess : IDisposable
{
    private static int s_started;
    private readonly StringBuilder _output = new();
    private StreamWriter? _log;
    private Process? _process;

    public int Id => _process?.Id ?? 0;

    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>The process's exit code once it has exited, else null.</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    /// <summary>What the process printed so far (all runs).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Runs <c>dotnet &lt;assembly&gt;</c> from the test's folder with these EDD_* (and other) variables.</summary>
    public void Start(string assembly, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var bin = AppContext.BaseDirectory;
        var info = new ProcessStartInfo("dotnet", [Path.Combine(bin, assembly), .. arguments])
        {
            WorkingDirectory = bin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
            info.Environment[key] = value;

        _process?.Dispose();
        _log ??= OpenLog(assembly);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or power loss of the process.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM and wait: the graceful shutdown path.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process is not { HasExited: false } process)
            return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(timeout);
    }

    /// <summary>Stops gracefully, or kills when that takes too long.</summary>
    public async Task EndAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            await KillAsync();
        }
    }

    public void Dispose()
    {
        _process?.Dispose();
        lock (_output)
        {
            // Late output events may still arrive; they find no log instead of a closed one.
            _log?.Dispose();
            _log = null;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.AppendLine(line);
            _log?.WriteLine(line);
        }
    }

    private static StreamWriter? OpenLog(string assembly)
    {
        var folder = Environment.GetEnvironmentVariable("EDD_TEST_LOGS");
        if (string.IsNullOrEmpty(folder))
            return null;
        Directory.CreateDirectory(folder);
        var name = $"{Path.GetFileNameWithoutExtension(assembly)}-{Environment.ProcessId}-{Interlocked.Increment(ref s_started)}.log";
        return new StreamWriter(Path.Combine(folder, name)) { AutoFlush = true };
    }
}
