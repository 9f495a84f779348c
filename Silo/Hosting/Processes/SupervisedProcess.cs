using System.Diagnostics;
using System.Globalization;

namespace EddCloud.Silo.Hosting.Processes;

/// <summary>What a <see cref="SupervisedProcess"/> runs and how it knows the process is ready.</summary>
/// <param name="Name">The program's name as the kernel reports it (<c>nats-server</c>, <c>podman</c>): in logs, errors and the left-over check.</param>
/// <param name="IsReadyAsync">Polled every <paramref name="PollInterval"/> until it answers true or <paramref name="ReadyTimeout"/> passes.</param>
/// <param name="LevelOf">The log level of one line the process printed.</param>
/// <param name="NotReadyAdvice">Appended to the error when the process dies or does not get ready: what the operator can do.</param>
public sealed record ProcessSpec(
    string Name,
    string Executable,
    IReadOnlyList<string> Arguments,
    string PidFile,
    Func<CancellationToken, Task<bool>> IsReadyAsync,
    TimeSpan ReadyTimeout,
    TimeSpan PollInterval,
    Func<string, LogLevel> LevelOf,
    string NotReadyAdvice = "")
{
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Runs before every start, e.g. to remove a stale socket the new process would refuse to bind.</summary>
    public Action? BeforeStart { get; init; }
}

/// <summary>
/// One child process the silo keeps running (the local nats-server, the local Podman engine): started and awaited
/// until ready, restarted with a bounded exponential backoff when it dies (reset after a minute of healthy running),
/// stopped with SIGTERM and then SIGKILL, and found again by its pid file when a crashed silo left it behind.
/// Its output goes to the owner's log, one line each, and its last lines into the errors that explain a failure.
/// The owner decides what "ready" means to the rest of the silo, through the callbacks of <see cref="SuperviseAsync"/>.
/// </summary>
public sealed partial class SupervisedProcess(ProcessSpec spec, ILogger logger) : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);
    // A process that ran this long before dying counts as healthy: the backoff starts again from its minimum.
    private static readonly TimeSpan StableRunTime = TimeSpan.FromMinutes(1);

    private readonly OutputTail tail = new();
    private Process? process;

    /// <summary>The id of the running process, or null (not started, exited or restarting).</summary>
    public int? ProcessId
    {
        get
        {
            try
            {
                return process is { HasExited: false } running ? running.Id : null;
            }
            catch (InvalidOperationException)
            {
                return null; // Replaced by a restart, or disposed, while we looked.
            }
        }
    }

    /// <summary>The last lines the process printed, for error messages.</summary>
    public string LastOutput => tail.Text();

    /// <summary>The pause before restart <paramref name="attempt"/> (1-based): 250 ms doubling to at most 30 s.</summary>
    public static TimeSpan RestartDelay(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxRestartDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(Math.Max(attempt, 1) - 1, 10))));

    /// <summary>
    /// Starts the process and waits until it is ready. A process that exits first or is not ready in time is stopped
    /// and the start throws (<see cref="InvalidOperationException"/> or <see cref="TimeoutException"/>, with its last output).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        spec.BeforeStart?.Invoke();
        LogStarting(logger, spec.Name, spec.Executable, string.Join(' ', spec.Arguments));
        var startInfo = new ProcessStartInfo(spec.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Arguments)
            startInfo.ArgumentList.Add(argument);

        var started = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, line) => OnOutput(line.Data);
        started.ErrorDataReceived += (_, line) => OnOutput(line.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        var previous = process;
        process = started;
        previous?.Dispose();

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(spec.PidFile)!);
            // Written whole or not at all: a half-written pid file would hide a left-over from the next start.
            var temporary = spec.PidFile + ".tmp";
            await File.WriteAllTextAsync(temporary, started.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
            File.Move(temporary, spec.PidFile, overwrite: true);
            await WaitUntilReadyAsync(started, cancellationToken);
        }
        catch
        {
            // A process that never became ready must not linger holding its port, socket or store.
            await TerminateAsync(started, CancellationToken.None);
            throw;
        }

        LogReady(logger, spec.Name, started.Id);
    }

    /// <summary>
    /// Keeps the process running until <paramref name="stopping"/> is cancelled: starts it when none runs, waits for
    /// it to exit, and starts it again after the backoff. Failed starts are logged and tried again the same way.
    /// </summary>
    /// <param name="ready">Called after every start that became ready.</param>
    /// <param name="down">Called when the process exited or a start failed (with the failure), before the pause.</param>
    public async Task SuperviseAsync(Action? ready, Action<Exception?>? down, CancellationToken stopping)
    {
        var attempt = 0;
        while (!stopping.IsCancellationRequested)
        {
            if (process is not { HasExited: false })
            {
                try
                {
                    await StartAsync(stopping);
                    ready?.Invoke();
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or IOException
                    or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
                {
                    attempt++;
                    LogStartFailed(logger, exception, spec.Name, attempt, RestartDelay(attempt));
                    down?.Invoke(exception);
                    if (!await PauseAsync(RestartDelay(attempt), stopping))
                        return;
                    continue;
                }
            }

            var running = process!;
            var uptime = Stopwatch.StartNew();
            try
            {
                await running.WaitForExitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            attempt = uptime.Elapsed >= StableRunTime ? 1 : attempt + 1;
            LogExited(logger, spec.Name, running.Id, running.ExitCode, RestartDelay(attempt));
            down?.Invoke(null);
            if (!await PauseAsync(RestartDelay(attempt), stopping))
                return;
        }
    }

    /// <summary>Stops the running process (SIGTERM, then SIGKILL after the stop timeout) and removes its pid file.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (process is { } running)
            await TerminateAsync(running, cancellationToken);
        TryDelete(spec.PidFile);
    }

    /// <summary>Stops a process of this name that a crashed silo left running, found by the pid file.</summary>
    public async Task KillLeftOverAsync(CancellationToken cancellationToken)
    {
        using var stale = await ChildProcesses.FindLeftOverAsync(spec.PidFile, spec.Name, cancellationToken);
        if (stale is not null)
        {
            LogLeftOverKilled(logger, spec.Name, stale.Id, spec.PidFile);
            await TerminateAsync(stale, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is null)
            return;
        await StopAsync(CancellationToken.None);
        Dispose();
    }

    /// <summary>For containers disposed synchronously: stops the process rather than leave it running. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref process, null) is not { } running)
            return;
        try
        {
            ChildProcesses.Stop(running, spec.StopTimeout);
        }
        finally
        {
            running.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync(Process started, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(spec.ReadyTimeout);
        while (true)
        {
            if (started.HasExited)
                throw new InvalidOperationException(
                    $"{spec.Name} exited with code {started.ExitCode} before it was ready. Its last output: {tail.Text()}.{Advice}");
            try
            {
                if (await spec.IsReadyAsync(timeout.Token))
                    return;
                await Task.Delay(spec.PollInterval, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{spec.Name} was not ready within {spec.ReadyTimeout}. Its last output: {tail.Text()}.{Advice}");
            }
        }
    }

    private string Advice => spec.NotReadyAdvice.Length == 0 ? "" : " " + spec.NotReadyAdvice;

    private async Task TerminateAsync(Process running, CancellationToken cancellationToken)
    {
        if (running.HasExited)
            return;
        LogStopping(logger, spec.Name, running.Id);
        await ChildProcesses.StopAsync(running, spec.StopTimeout, () => LogKilled(logger, spec.Name, running.Id, spec.StopTimeout), cancellationToken);
    }

    private void OnOutput(string? line)
    {
        if (string.IsNullOrEmpty(line))
            return;
        tail.Add(line);
        LogOutput(logger, spec.LevelOf(line), spec.Name, line);
    }

    private static async Task<bool> PauseAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next start overwrites it, and the left-over check verifies the process name.
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Starting {Name}: {Path} {Arguments}")]
    private static partial void LogStarting(ILogger logger, string name, string path, string arguments);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "{Name} {ProcessId} is ready")]
    private static partial void LogReady(ILogger logger, string name, int processId);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "{Name} {ProcessId} exited with code {ExitCode}; restarting in {Delay}")]
    private static partial void LogExited(ILogger logger, string name, int processId, int exitCode, TimeSpan delay);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Error, Message = "Starting {Name} failed (attempt {Attempt}); retrying in {Delay}")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string name, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "Stopping {Name} {ProcessId}")]
    private static partial void LogStopping(ILogger logger, string name, int processId);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Warning, Message = "{Name} {ProcessId} did not stop within {Timeout} of SIGTERM; killing it")]
    private static partial void LogKilled(ILogger logger, string name, int processId, TimeSpan timeout);

    [LoggerMessage(EventId = 6107, Message = "{Name}: {Line}")]
    private static partial void LogOutput(ILogger logger, LogLevel level, string name, string line);

    [LoggerMessage(EventId = 6108, Level = LogLevel.Warning, Message = "Killing {Name} {ProcessId} left over from an earlier run (pid file {PidFile})")]
    private static partial void LogLeftOverKilled(ILogger logger, string name, int processId, string pidFile);
}
