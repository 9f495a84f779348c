using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EddCloud.Ssh.Protocol;
using EddCloud.Tests.Hosting;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>
/// Our SSH server on 127.0.0.1, in-process: accepts keys listed in <see cref="AllowKey"/>, refuses others with a
/// banner naming the key, and hands each channel to a handler (by default <see cref="LocalProcessHandler"/>).
/// </summary>
public sealed class SshTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, string> _allowed = new();
    private readonly Func<SshServerConnection, SshChannelOpenRequest, CancellationToken, Task> _handler;
    private readonly Task _accepting;

    public SshTestServer(Action<SshServerOptions>? configure = null, Func<SshServerConnection, SshChannelOpenRequest, CancellationToken, Task>? handler = null)
    {
        Port = TestPorts.Next();
        Options = new SshServerOptions
        {
            HostKey = HostKey,
            Authenticate = (request, _) => ValueTask.FromResult(
                _allowed.TryGetValue(request.PublicKey.Base64, out var user) && user == request.Username
                    ? SshAuthDecision.Accept(context: request.Username)
                    : SshAuthDecision.Reject($"EddCloud: key {request.PublicKey.Fingerprint} may not log in as {request.Username}.")),
        };
        configure?.Invoke(Options);
        _handler = handler ?? LocalProcessHandler.HandleAsync;
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start(512);
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public SshEd25519Key HostKey { get; } = SshEd25519Key.Generate();

    public SshServerOptions Options { get; }

    public string KnownHostsLine => $"[127.0.0.1]:{Port} {HostKey.PublicKeyLine}";

    /// <summary>Failures of connections (handshake, authentication, protocol), in order.</summary>
    public ConcurrentQueue<Exception> Failures { get; } = new();

    public int Logins => _logins;

    /// <summary>Every connection that logged in, in order.</summary>
    public ConcurrentQueue<SshServerConnection> Connections { get; } = new();

    private int _logins;

    public void AllowKey(string publicKeyLine, string user = "alice") =>
        _allowed[publicKeyLine.Split(' ')[1]] = user;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = ServeAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        socket.NoDelay = true;
        try
        {
            await using var connection = await SshServerConnection.AcceptAsync(new NetworkStream(socket, ownsSocket: true), Options, null, _stop.Token);
            Interlocked.Increment(ref _logins);
            Connections.Enqueue(connection);
            var running = new List<Task>();
            try
            {
                while (true)
                {
                    var request = await connection.AcceptChannelAsync(_stop.Token);
                    running.Add(_handler(connection, request, _stop.Token));
                }
            }
            catch (SshDisconnectedException)
            {
                // The client left.
            }
            await Task.WhenAll(running);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failures.Enqueue(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        HostKey.Dispose();
        _stop.Dispose();
    }
}
