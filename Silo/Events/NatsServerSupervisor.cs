using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Events;

/// <summary>
/// When <see cref="NatsOptions.Url"/> is empty, runs a local nats-server with JetStream on 127.0.0.1, storing
/// under <c>&lt;data directory&gt;/nats</c>: starts it (and waits until it accepts connections), restarts it with
/// a bounded backoff when it dies, and stops it with SIGTERM (then SIGKILL) when the host stops.
/// With a Url it does nothing and <see cref="GetUrlAsync"/> returns that Url.
/// </summary>
public sealed partial class NatsServerSupervisor(
    IOptions<NatsOptions> options, ILogger<NatsServerSupervisor> logger, string dataDirectory)
    : IHostedService, IAsyncDisposable, IDisposable
{
    internal static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    internal static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);
    // A server that ran this long before dying counts as healthy: the backoff starts again from its minimum.
    private static readonly TimeSpan StableRunTime = TimeSpan.FromMinutes(1);

    private readonly TaskCompletionSource<string> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private readonly OutputTail tail = new();
    private Process? process;
    private Task supervision = Task.CompletedTask;
    private string? executable;
    private int port;

    /// <summary>The directory nats-server stores JetStream data in.</summary>
    public string StoreDirectory { get; } = Path.Combine(dataDirectory, "nats");

    /// <summary>The process id of the running local server, or null (external server, not started, or restarting).</summary>
    public int? ProcessId => process is { HasExited: false } running ? running.Id : null;

    private bool IsLocal => string.IsNullOrWhiteSpace(options.Value.Url);

    /// <summary>The NATS URL to connect to; for a local server, waits until it has first accepted connections.</summary>
    public Task<string> GetUrlAsync(CancellationToken cancellationToken) =>
        IsLocal ? ready.Task.WaitAsync(cancellationToken) : Task.FromResult(options.Value.Url!);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsLocal)
        {
            return;
        }

        executable = NatsServerBinary.Resolve(options.Value.ServerPath)
            ?? throw new InvalidOperationException(NatsServerBinary.NotFoundMessage(options.Value.ServerPath));
        port = options.Value.Port != 0 ? options.Value.Port : FreePort();
        Directory.CreateDirectory(StoreDirectory);
        await KillStaleServerAsync(cancellationToken);

        await StartProcessAsync(cancellationToken);
        ready.TrySetResult(Url);
        supervision = SuperviseAsync(stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await supervision;
        if (process is { } running)
        {
            await TerminateAsync(running, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A host that never stopped cleanly must not leave the server behind.
        if (!stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
        }

        process?.Dispose();
        stopping.Dispose();
    }

    /// <summary>For containers disposed synchronously: kills the server rather than leave it running.</summary>
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

    private string Url => $"nats://127.0.0.1:{port}";

    private string PidFile => Path.Combine(StoreDirectory, "nats-server.pid");

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var running = process!;
            var started = Stopwatch.StartNew();
            try
            {
                await running.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            attempt = started.Elapsed >= StableRunTime ? 1 : attempt + 1;
            var delay = RestartDelay(attempt);
            EventsLog.LocalServerExited(logger, running.Id, running.ExitCode, delay);
            while (!await TryRestartAsync(attempt, delay, cancellationToken))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                attempt++;
                delay = RestartDelay(attempt);
            }
        }
    }

    private async Task<bool> TryRestartAsync(int attempt, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            await StartProcessAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            EventsLog.LocalServerRestartFailed(logger, exception, attempt, RestartDelay(attempt + 1));
            return false;
        }
    }

    private static TimeSpan RestartDelay(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxRestartDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempt - 1, 10))));

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        EventsLog.LocalServerStarting(logger, executable!, port, StoreDirectory);
        var startInfo = new ProcessStartInfo(executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-js", "-sd", StoreDirectory, "-P", PidFile })
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

        try
        {
            await WaitUntilAcceptingAsync(started, cancellationToken);
        }
        catch
        {
            // A server that never became ready must not linger holding the port or the store.
            await TerminateAsync(started, CancellationToken.None);
            throw;
        }

        EventsLog.LocalServerReady(logger, started.Id, Url);
    }

    private async Task WaitUntilAcceptingAsync(Process started, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        while (true)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException(
                    $"nats-server exited with code {started.ExitCode} before accepting connections on 127.0.0.1:{port}. "
                    + $"Its last output: {tail.Text()}. If the port is taken, set Nats:Port (EDD_NATS__PORT) to a free port or 0.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"nats-server did not accept connections on 127.0.0.1:{port} within {ReadyTimeout}. Its last output: {tail.Text()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }
    }

    private async Task TerminateAsync(Process running, CancellationToken cancellationToken)
    {
        if (running.HasExited)
        {
            return;
        }

        EventsLog.LocalServerStopping(logger, running.Id);
        await ChildProcesses.StopAsync(running, StopTimeout, () => EventsLog.LocalServerKilled(logger, running.Id, StopTimeout), cancellationToken);
    }

    private async Task KillStaleServerAsync(CancellationToken cancellationToken)
    {
        // After a silo crash its nats-server may still run on our store; two servers on one store corrupt it.
        using var stale = await ChildProcesses.FindLeftOverAsync(PidFile, "nats-server", cancellationToken);
        if (stale is not null)
        {
            EventsLog.StaleServerKilled(logger, stale.Id, PidFile);
            await TerminateAsync(stale, cancellationToken);
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        tail.Add(line);
        var level = line.Contains("[ERR]", StringComparison.Ordinal) || line.Contains("[FTL]", StringComparison.Ordinal) ? LogLevel.Error
            : line.Contains("[WRN]", StringComparison.Ordinal) ? LogLevel.Warning
            : line.Contains("[DBG]", StringComparison.Ordinal) || line.Contains("[TRC]", StringComparison.Ordinal) ? LogLevel.Debug
            : LogLevel.Information;
        EventsLog.LocalServerOutput(logger, level, line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
