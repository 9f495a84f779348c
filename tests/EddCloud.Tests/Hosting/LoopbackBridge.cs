using System.Net;
using System.Net.Sockets;

namespace EddCloud.Tests.Hosting;

/// <summary>
/// Makes ports of this host's loopback reachable on the same ports of a <see cref="NetworkNamespace"/>'s loopback: it
/// listens on 127.0.0.1 and ::1 inside the namespace and joins each connection to 127.0.0.1 outside, byte for byte
/// (TLS passes through untouched). A program in the namespace then reaches https://localhost:PORT as it would here.
/// </summary>
public sealed class LoopbackBridge : IAsyncDisposable
{
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _accepting = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Socket> _open = [];

    private LoopbackBridge()
    {
    }

    /// <summary>Starts listening in <paramref name="space"/> on each of <paramref name="ports"/>.</summary>
    public static LoopbackBridge Start(NetworkNamespace space, IEnumerable<int> ports)
    {
        var bridge = new LoopbackBridge();
        try
        {
            foreach (var port in ports)
            {
                foreach (var address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
                {
                    var listener = space.Inside(() =>
                    {
                        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                        try
                        {
                            socket.Bind(new IPEndPoint(address, port));
                            socket.Listen(128);
                            return socket;
                        }
                        catch
                        {
                            socket.Dispose();
                            throw;
                        }
                    });
                    bridge._listeners.Add(listener);
                    bridge._accepting.Add(bridge.AcceptAsync(listener, port));
                }
            }
            return bridge;
        }
        catch
        {
            bridge.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    private async Task AcceptAsync(Socket listener, int port)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket inside;
            try
            {
                inside = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = JoinAsync(inside, port);
        }
    }

    private async Task JoinAsync(Socket inside, int port)
    {
        using var outside = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (inside)
        {
            Track(inside, outside, add: true);
            try
            {
                inside.NoDelay = true;
                outside.NoDelay = true;
                await outside.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), _stopping.Token);
                // Each direction ends with a half-close, as the peer sent it; the other goes on until it ends too.
                await Task.WhenAll(CopyAsync(inside, outside), CopyAsync(outside, inside));
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
            {
                // A refused or reset connection ends here as it would have without the bridge: the sockets close.
            }
            finally
            {
                Track(inside, outside, add: false);
            }
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                    break;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // One side reset: reset the other too, so neither waits for bytes that will never come.
            from.Close(0);
            to.Close(0);
        }
    }

    private void Track(Socket inside, Socket outside, bool add)
    {
        lock (_gate)
        {
            if (add)
            {
                _open.Add(inside);
                _open.Add(outside);
            }
            else
            {
                _open.Remove(inside);
                _open.Remove(outside);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var listener in _listeners)
            listener.Dispose();
        lock (_gate)
        {
            foreach (var socket in _open)
                socket.Dispose();
            _open.Clear();
        }
        await Task.WhenAll(_accepting);
        _stopping.Dispose();
    }
}
