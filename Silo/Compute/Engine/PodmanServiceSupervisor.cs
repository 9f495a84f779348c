using EddCloud.Grains.Compute;
using System.Net.Sockets;
using EddCloud.Silo.Hosting.Processes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Compute.Engine;

/// <summary>
/// Finds the container engine Compute talks to. With <see cref="ComputeOptions.EngineSocket"/> set, that socket;
/// else Docker's <c>/var/run/docker.sock</c> when it exists; else it runs <c>podman system service</c> on
/// <c>&lt;data directory&gt;/podman/podman.sock</c> as a <see cref="SupervisedProcess"/>: started in the background on
/// first use (the silo does not wait for it), ready when the socket answers <c>/_ping</c>, restarted with the shared
/// backoff when it dies, stopped when the host stops. Containers keep running without it (conmon watches them).
/// Without podman the silo still starts; <see cref="GetSocketPathAsync"/> then throws
/// <see cref="ContainerEngineUnavailableException"/> saying how to install it.
/// </summary>
public sealed class PodmanServiceSupervisor(
    IOptions<ComputeOptions> options, ILogger<PodmanServiceSupervisor> logger, string dataDirectory)
    : IHostedService, IAsyncDisposable, IDisposable
{
    internal const string NotInstalledMessage = "no container engine: install podman (scripts/install-deps.sh)";
    internal static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] SearchDirectories = ["/usr/bin", "/usr/sbin", "/usr/local/bin"];

    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private TaskCompletionSource<string> ready = NewReady();
    private string? unavailable;
    private SupervisedProcess? engine;
    private Task supervision = Task.CompletedTask;
    private bool supervising;
    private Task staleCleanup = Task.CompletedTask;

    /// <summary>Docker's socket; when it exists (and no socket is configured) the silo uses it and starts no Podman.</summary>
    internal static string DockerSocket { get; set; } = "/var/run/docker.sock";

    /// <summary>The directory holding the local engine's socket and pid file.</summary>
    public string EngineDirectory { get; } = Path.Combine(dataDirectory, "podman");

    /// <summary>The socket Compute talks to: configured, Docker's, or the local Podman's (which may not answer yet).</summary>
    public string SocketPath { get; private set; } = "";

    /// <summary>The process id of the local Podman engine, or null (external engine, not started, or restarting).</summary>
    public int? ProcessId => engine?.ProcessId;

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
                return unavailable is null && (supervising || (engine is null && SocketPath.Length > 0));
            }
        }
    }

    private string LocalSocket => Path.Combine(EngineDirectory, "podman.sock");

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
            if (engine is not null && !supervising && !stopping.IsCancellationRequested)
            {
                supervising = true;
                var local = engine;
                supervision = Task.Run(() => SuperviseAsync(local, stopping.Token), CancellationToken.None);
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
                UnavailableReason ?? $"the container engine did not answer on {SocketPath} within {ReadyTimeout}. Its last output: {engine?.LastOutput ?? "(none)"}");
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
        var local = new SupervisedProcess(new ProcessSpec(
            Name: "podman",
            Executable: executable,
            Arguments: ["system", "service", "--time=0", "unix://" + LocalSocket],
            PidFile: Path.Combine(EngineDirectory, "podman.pid"),
            IsReadyAsync: token => File.Exists(LocalSocket) ? PingAsync(LocalSocket, token) : Task.FromResult(false),
            ReadyTimeout: ReadyTimeout,
            PollInterval: TimeSpan.FromMilliseconds(100),
            LevelOf: LevelOf,
            NotReadyAdvice: $"It should answer /_ping on {LocalSocket}.")
        {
            // A socket file left by a dead engine makes the new one fail to bind.
            BeforeStart = () => TryDelete(LocalSocket),
        }, logger);
        lock (gate)
        {
            engine = local;
        }

        // A crashed silo's engine goes now, not at the first use of ours: a node with no containers may never use it.
        staleCleanup = Task.Run(() => KillStaleEngineQuietlyAsync(local, stopping.Token), CancellationToken.None);
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
        if (engine is not null)
        {
            await engine.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
        }

        engine?.Dispose();
        stopping.Dispose();
    }

    /// <summary>For containers disposed synchronously: stops the engine rather than leave it running.</summary>
    public void Dispose()
    {
        if (!stopping.IsCancellationRequested)
        {
            stopping.Cancel();
        }

        engine?.Dispose();
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

    private async Task SuperviseAsync(SupervisedProcess local, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(EngineDirectory);
            await staleCleanup;
            await local.KillLeftOverAsync(cancellationToken);
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

        await local.SuperviseAsync(
            ready: MarkReady,
            down: failure =>
            {
                if (failure is null)
                    MarkRestarting();
                else
                    MarkUnavailable($"the local Podman engine did not start: {failure.Message}");
            },
            cancellationToken);
    }

    private static async Task KillStaleEngineQuietlyAsync(SupervisedProcess local, CancellationToken cancellationToken)
    {
        try
        {
            await local.KillLeftOverAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or OperationCanceledException or InvalidOperationException)
        {
            // The supervision tries again before it starts its own engine.
        }
    }

    private static LogLevel LevelOf(string line) =>
        line.Contains("level=error", StringComparison.Ordinal) || line.Contains("level=fatal", StringComparison.Ordinal) || line.StartsWith("Error:", StringComparison.Ordinal) ? LogLevel.Error
        : line.Contains("level=warning", StringComparison.Ordinal) ? LogLevel.Warning
        : line.Contains("level=debug", StringComparison.Ordinal) ? LogLevel.Debug
        : LogLevel.Information;

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
