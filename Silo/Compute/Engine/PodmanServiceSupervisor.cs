using EddCloud.Grains.Compute;
using System.Diagnostics;
using System.Net.Sockets;
using EddCloud.Silo.Events;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Compute.Engine;

/// <summary>
/// Finds the container engine Compute talks to. With <see cref="ComputeOptions.EngineSocket"/> set, that socket;
/// else Docker's <c>/var/run/docker.sock</c> when it exists; else it runs <c>podman system service</c> on
/// <c>&lt;data directory&gt;/podman/podman.sock</c>: starts it in the background (the silo does not wait for it),
/// waits until the socket answers <c>/_ping</c>, restarts it with a bounded backoff when it dies, and stops it with
/// SIGTERM (then SIGKILL) when the host stops. Containers keep running without it (conmon watches them).
/// Without podman the silo still starts; <see cref="GetSocketPathAsync"/> then throws
/// <see cref="ContainerEngineUnavailableException"/> saying how to install it.
/// </summary>
public sealed class PodmanServiceSupervisor(
    IOptions<ComputeOptions> options, ILogger<PodmanServiceSupervisor> logger, string dataDirectory)
    : IHostedService, IAsyncDisposable, IDisposable
{
    internal const string NotInstalledMessage = "no container engine: install podman (scripts/install-deps.sh)";
    internal static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableRunTime = TimeSpan.FromMinutes(1);
    private static readonly string[] SearchDirectories = ["/usr/bin", "/usr/sbin", "/usr/local/bin"];

    private readonly CancellationTokenSource stopping = new();
    private readonly OutputTail tail = new();
    private readonly Lock gate = new();
    private TaskCompletionSource<string> ready = NewReady();
    private string? unavailable;
    private Process? process;
    private Task supervision = Task.CompletedTask;
    private string? podmanExecutable;
    private bool supervising;
    private Task staleCleanup = Task.CompletedTask;

    /// <summary>Docker's socket; when it exists (and no socket is configured) the silo uses it and starts no Podman.</summary>
    internal static string DockerSocket { get; set; } = "/var/run/docker.sock";

    /// <summary>The directory holding the local engine's socket and pid file.</summary>
    public string EngineDirectory { get; } = Path.Combine(dataDirectory, "podman");

    /// <summary>The socket Compute talks to: configured, Docker's, or the local Podman's (which may not answer yet).</summary>
    public string SocketPath { get; private set; } = "";

    /// <summary>The process id of the local Podman engine, or null (external engine, not started, or restarting).</summary>
    public int? ProcessId => process is { HasExited: false } running ? running.Id : null;

    /// <summary>Null when the engine answers (or is still starting), else why Compute is unavailable.</summary>
    public string? UnavailableReason
    {
        get
        {
            lock (gate)
            {
                return unavailable;
            }
        }
    }

    /// <summary>Whether the engine is in use: an external one, or the local Podman once something asked for it.</summary>
    public bool InUse
    {
        get
        {
            lock (gate)
            {
                return unavailable is null && (supervising || (podmanExecutable is null && SocketPath.Length > 0));
            }
        }
    }

    private string LocalSocket => Path.Combine(EngineDirectory, "podman.sock");

    private string PidFile => Path.Combine(EngineDirectory, "podman.pid");

    /// <summary>The engine's socket once it answers; throws <see cref="ContainerEngineUnavailableException"/> when there is no engine.</summary>
    public async Task<string> GetSocketPathAsync(CancellationToken cancellationToken)
    {
        Task<string> waiting;
        lock (gate)
        {
            if (unavailable is not null)
            {
                throw new ContainerEngineUnavailableException(unavailable);
            }

            // Started on first use: a silo that runs no container (and every test silo) carries no engine process.
            if (podmanExecutable is not null && !supervising && !stopping.IsCancellationRequested)
            {
                supervising = true;
                var executable = podmanExecutable;
                supervision = Task.Run(() => SuperviseAsync(executable, stopping.Token), CancellationToken.None);
            }

            waiting = ready.Task;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        try
        {
            return await waiting.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ContainerEngineUnavailableException(
                UnavailableReason ?? $"the container engine did not answer on {SocketPath} within {ReadyTimeout}. Its last output: {tail.Text()}");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.EngineSocket;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            UseExternal(configured, "Compute:EngineSocket");
            return Task.CompletedTask;
        }

        if (File.Exists(DockerSocket))
        {
            UseExternal(DockerSocket, "Docker's socket");
            return Task.CompletedTask;
        }

        SocketPath = LocalSocket;
        var executable = ResolvePodman(options.Value.PodmanPath);
        if (executable is null)
        {
            MarkUnavailable(NotInstalledMessage);
            return Task.CompletedTask;
        }

        if (LocalSocket.Length > ComputeOptionsValidator.MaxSocketPathLength)
        {
            MarkUnavailable($"the Podman socket path {LocalSocket} is longer than {ComputeOptionsValidator.MaxSocketPathLength} characters; use a shorter data directory or set Compute:EngineSocket (EDD_COMPUTE__ENGINE_SOCKET)");
            return Task.CompletedTask;
        }

        // Started in the background by the first caller of GetSocketPathAsync: the silo never waits for (or fails with) it.
        lock (gate)
        {
            podmanExecutable = executable;
        }

        // A crashed silo's engine goes now, not at the first use of ours: a node with no containers may never use it.
        staleCleanup = Task.Run(() => KillStaleEngineQuietlyAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        Task supervised;
        lock (gate)
        {
            supervised = supervision;
        }

        await supervised;
        if (process is { } running)
        {
            await TerminateAsync(running, cancellationToken);
        }

        TryDelete(PidFile);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
        }

        process?.Dispose();
        stopping.Dispose();
    }

    /// <summary>For containers disposed synchronously: kills the engine rather than leave it running.</summary>
    public void Dispose()
    {
        if (!stopping.IsCancellationRequested)
        {
            stopping.Cancel();
            if (process is { } running)
            {
                ChildProcesses.Stop(running, StopTimeout);
            }
        }

        process?.Dispose();
        stopping.Dispose();
    }

    /// <summary>Asks the engine at <paramref name="socketPath"/> for <c>/_ping</c>; true when it answers OK.</summary>
    internal static async Task<bool> PingAsync(string socketPath, CancellationToken cancellationToken)
    {
        try
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await client.GetAsync(new Uri("http://engine/_ping"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException or IOException
            or (OperationCanceledException and not TaskCanceledException { CancellationToken.IsCancellationRequested: true }))
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // The client's own timeout.
        }
    }

    internal static string? ResolvePodman(string configured)
    {
        if (Path.IsPathRooted(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(SearchDirectories)
            .Select(directory => Path.Combine(directory, configured))
            .FirstOrDefault(File.Exists);
    }

    private void UseExternal(string socket, string origin)
    {
        SocketPath = socket;
        ComputeLog.EngineExternal(logger, socket, origin);
        ready.TrySetResult(socket);
    }

    private void MarkUnavailable(string reason)
    {
        lock (gate)
        {
            unavailable = reason;
        }

        ComputeLog.EngineUnavailable(logger, reason);
    }

    private void MarkReady()
    {
        lock (gate)
        {
            unavailable = null;
            if (ready.Task.IsCompleted)
            {
                ready = NewReady();
            }

            ready.TrySetResult(LocalSocket);
        }
    }

    private void MarkRestarting()
    {
        lock (gate)
        {
            if (ready.Task.IsCompleted)
            {
                ready = NewReady();
            }
        }
    }

    private static TaskCompletionSource<string> NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task SuperviseAsync(string executable, CancellationToken cancellationToken)
    {
        var attempt = 0;
        try
        {
            Directory.CreateDirectory(EngineDirectory);
            await staleCleanup;
            await KillStaleEngineAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            MarkUnavailable($"the Podman engine directory {EngineDirectory} is not usable: {exception.Message}");
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            try
            {
                await StartProcessAsync(executable, cancellationToken);
                MarkReady();
                ComputeLog.EngineReady(logger, process!.Id, LocalSocket);
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or IOException
                or System.ComponentModel.Win32Exception)
            {
                attempt++;
                MarkUnavailable($"the local Podman engine did not start: {exception.Message}");
                ComputeLog.EngineStartFailed(logger, exception, attempt, RestartDelay(attempt));
                if (!await DelayAsync(RestartDelay(attempt), cancellationToken))
                {
                    return;
                }

                continue;
            }

            MarkRestarting();
            attempt = started.Elapsed >= StableRunTime ? 1 : attempt + 1;
            ComputeLog.EngineExited(logger, process.Id, process.ExitCode, RestartDelay(attempt));
            if (!await DelayAsync(RestartDelay(attempt), cancellationToken))
            {
                return;
            }
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan RestartDelay(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxRestartDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(Math.Max(attempt, 1) - 1, 10))));

    private async Task StartProcessAsync(string executable, CancellationToken cancellationToken)
    {
        TryDelete(LocalSocket);
        ComputeLog.EngineStarting(logger, executable, LocalSocket);
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "system", "service", "--time=0", "unix://" + LocalSocket })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var started = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, line) => OnOutput(line.Data);
        started.ErrorDataReceived += (_, line) => OnOutput(line.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        var previous = process;
        process = started;
        previous?.Dispose();
        await File.WriteAllTextAsync(PidFile, started.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

        try
        {
            await WaitUntilAnsweringAsync(started, cancellationToken);
        }
        catch
        {
            await TerminateAsync(started, CancellationToken.None);
            throw;
        }
    }

    private async Task WaitUntilAnsweringAsync(Process started, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        while (true)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException(
                    $"podman system service exited with code {started.ExitCode} before answering on {LocalSocket}. Its last output: {tail.Text()}");
            }

            try
            {
                if (File.Exists(LocalSocket) && await PingAsync(LocalSocket, timeout.Token))
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"podman system service did not answer /_ping on {LocalSocket} within {ReadyTimeout}. Its last output: {tail.Text()}");
            }
        }
    }

    private async Task TerminateAsync(Process running, CancellationToken cancellationToken)
    {
        if (running.HasExited)
        {
            return;
        }

        ComputeLog.EngineStopping(logger, running.Id);
        await ChildProcesses.StopAsync(running, StopTimeout, () => ComputeLog.EngineKilled(logger, running.Id, StopTimeout), cancellationToken);
    }

    private async Task KillStaleEngineQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await KillStaleEngineAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or OperationCanceledException or InvalidOperationException)
        {
            // The supervision tries again before it starts its own engine.
        }
    }

    private async Task KillStaleEngineAsync(CancellationToken cancellationToken)
    {
        // After a silo crash its podman service may still serve our socket.
        using var stale = await ChildProcesses.FindLeftOverAsync(PidFile, "podman", cancellationToken);
        if (stale is not null)
        {
            ComputeLog.StaleEngineKilled(logger, stale.Id, PidFile);
            await TerminateAsync(stale, cancellationToken);
        }
    }

    private void OnOutput(string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return;
        }

        tail.Add(line);
        var level = line.Contains("level=error", StringComparison.Ordinal) || line.Contains("level=fatal", StringComparison.Ordinal) || line.StartsWith("Error:", StringComparison.Ordinal) ? LogLevel.Error
            : line.Contains("level=warning", StringComparison.Ordinal) ? LogLevel.Warning
            : line.Contains("level=debug", StringComparison.Ordinal) ? LogLevel.Debug
            : LogLevel.Information;
        ComputeLog.EngineOutput(logger, level, line);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next start replaces it.
        }
    }
}
