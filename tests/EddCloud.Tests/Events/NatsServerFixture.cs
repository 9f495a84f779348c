using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EddCloud.Tests.Hosting;
using EddCloud.Silo.Events;
using EddCloud.Silo.Hosting.Processes;

namespace EddCloud.Tests.Events;

/// <summary>
/// A real nats-server with JetStream on 127.0.0.1, a free port and its own temporary store, for integration tests.
/// Use it as a class or collection fixture, or create one per test and call <see cref="InitializeAsync"/>.
/// <see cref="KillAsync"/> and <see cref="StartAsync"/> restart it on the same port and store, as a crash would.
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly OutputTail tail = new();
    private Process? process;

    public NatsServerFixture()
    {
        Port = TestPorts.Next();
        StoreDirectory = Directory.CreateTempSubdirectory("edd-nats-").FullName;
    }

    public int Port { get; }

    /// <summary>The URL to connect to, e.g. for <c>Nats:Url</c>.</summary>
    public string Url => $"nats://127.0.0.1:{Port}";

    public string StoreDirectory { get; }

    /// <summary>The running server's process id.</summary>
    public int ProcessId => process?.Id ?? throw new InvalidOperationException("nats-server is not running; call StartAsync first.");

    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts the server and returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        var executable = NatsServerBinary.Resolve("nats-server")
            ?? throw new InvalidOperationException(NatsServerBinary.NotFoundMessage("nats-server"));
        var startInfo = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-js", "-sd", StoreDirectory })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var started = Process.Start(startInfo)!;
        started.OutputDataReceived += (_, line) => AddOutput(line.Data);
        started.ErrorDataReceived += (_, line) => AddOutput(line.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited with code {started.ExitCode} during start; output: {tail.Text()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < ReadyTimeout)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>SIGKILL, as a crash: no graceful shutdown.</summary>
    public async Task KillAsync()
    {
        if (process is not { } running)
        {
            return;
        }

        process = null;
        using (running)
        {
            if (!running.HasExited)
            {
                running.Kill();
            }

            await running.WaitForExitAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(StoreDirectory, recursive: true);
    }

    private void AddOutput(string? line)
    {
        if (line is not null)
        {
            tail.Add(line);
        }
    }
}
