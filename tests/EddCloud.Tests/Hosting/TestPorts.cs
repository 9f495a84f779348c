using System.Net;
using System.Net.Sockets;

namespace EddCloud.Tests.Hosting;

/// <summary>
/// Ports for the servers tests start. Asking the kernel for a free one (bind to 0) and letting it go races: the same
/// port comes back for the next ask, or an outgoing connection or the container engine's own published ports (both
/// from the ephemeral range, 32768-60999 here) take it before the server binds. These come from below that range,
/// each handed out once per test run, and only when nothing listens on them.
/// </summary>
public static class TestPorts
{
    private const int First = 20000;
    private const int Last = 32000;
    private static int next = First + Random.Shared.Next(Last - First);
    private static readonly Lock Gate = new();

    public static int Next()
    {
        lock (Gate)
        {
            for (var tried = 0; tried < Last - First; tried++)
            {
                var port = next;
                next = next >= Last ? First : next + 1;
                if (IsFree(port))
                    return port;
            }
        }

        throw new InvalidOperationException($"No free port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
