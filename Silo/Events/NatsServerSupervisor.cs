using System.Net;
using System.Net.Sockets;
using EddCloud.Silo.Hosting.Processes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Events;

/// <summary>
/// When <see cref="NatsOptions.Url"/> is empty, runs a local nats-server with JetStream on 127.0.0.1, storing
/// under <c>&lt;data directory&gt;/nats</c>, as a <see cref="SupervisedProcess"/>: the silo's start waits until it
/// accepts connections (and fails when it cannot), later deaths are restarted with the shared backoff, and the
/// host's stop ends it. With a Url it does nothing and <see cref="GetUrlAsync"/> returns that Url.
/// </summary>
public sealed class NatsServerSupervisor(
    IOptions<NatsOptions> options, ILogger<NatsServerSupervisor> logger, string dataDirectory)
    : IHostedService, IAsyncDisposable, IDisposable
{
    internal static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);

    private readonly TaskCompletionSource<string> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private SupervisedProcess? server;
    private Task supervision = Task.CompletedTask;
    private int port;

    /// <summary>The directory nats-server stores JetStream data in.</summary>
    public string StoreDirectory { get; } = Path.Combine(dataDirectory, "nats");

    /// <summary>The process id of the running local server, or null (external server, not started, or restarting).</summary>
    public int? ProcessId => server?.ProcessId;

    private bool IsLocal => string.IsNullOrWhiteSpace(options.Value.Url);

    /// <summary>The NATS URL to connect to; for a local server, waits until it has first accepted connections.</summary>
    public Task<string> GetUrlAsync(CancellationToken cancellationToken) =>
        IsLocal ? ready.Task.WaitAsync(cancellationToken) : Task.FromResult(options.Value.Url!);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsLocal)
            return;

        var executable = NatsServerBinary.Resolve(options.Value.ServerPath)
            ?? throw new InvalidOperationException(NatsServerBinary.NotFoundMessage(options.Value.ServerPath));
        port = options.Value.Port != 0 ? options.Value.Port : FreePort();
        Directory.CreateDirectory(StoreDirectory);
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        server = new SupervisedProcess(new ProcessSpec(
            Name: "nats-server",
            Executable: executable,
            Arguments: ["-a", "127.0.0.1", "-p", portText, "-js", "-sd", StoreDirectory],
            PidFile: Path.Combine(StoreDirectory, "nats-server.pid"),
            IsReadyAsync: AcceptsConnectionsAsync,
            ReadyTimeout: ReadyTimeout,
            PollInterval: TimeSpan.FromMilliseconds(50),
            LevelOf: LevelOf,
            NotReadyAdvice: $"It should accept connections on 127.0.0.1:{port}; if the port is taken, set Nats:Port (EDD_NATS__PORT) to a free port or 0."), logger);

        // After a silo crash its nats-server may still run on our store; two servers on one store corrupt it.
        await server.KillLeftOverAsync(cancellationToken);
        await server.StartAsync(cancellationToken);
        ready.TrySetResult($"nats://127.0.0.1:{port}");
        supervision = server.SuperviseAsync(ready: null, down: null, stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await supervision;
        if (server is not null)
            await server.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // A host that never stopped cleanly must not leave the server behind.
        if (!stopping.IsCancellationRequested)
            await StopAsync(CancellationToken.None);
        server?.Dispose();
        stopping.Dispose();
    }

    /// <summary>For containers disposed synchronously: stops the server rather than leave it running.</summary>
    public void Dispose()
    {
        if (!stopping.IsCancellationRequested)
            stopping.Cancel();
        server?.Dispose();
        stopping.Dispose();
    }

    private async Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false; // Not listening yet.
        }
    }

    private static LogLevel LevelOf(string line) =>
        line.Contains("[ERR]", StringComparison.Ordinal) || line.Contains("[FTL]", StringComparison.Ordinal) ? LogLevel.Error
        : line.Contains("[WRN]", StringComparison.Ordinal) ? LogLevel.Warning
        : line.Contains("[DBG]", StringComparison.Ordinal) || line.Contains("[TRC]", StringComparison.Ordinal) ? LogLevel.Debug
        : LogLevel.Information;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
