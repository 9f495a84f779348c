using System.Net.Sockets;
using EddCloud.Ssh.Protocol;
using EddCloud.Grains.Compute;

namespace EddCloud.Edge.Ssh;

/// <summary>
/// Logs in to a container's sshd as root with the container's own gateway key, trusting only the host keys compute
/// recorded for it. The gateway and the web terminal both reach containers this way.
/// </summary>
public sealed class ContainerSshConnector(ILoggerFactory loggers)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public async Task<SshClientConnection> ConnectAsync(ContainerGatewayAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(ConnectTimeout);
                await tcp.ConnectAsync(access.Host, access.Port, timeout.Token);
            }

            using var key = SshEd25519Key.FromSeed(access.GatewayKey);
            return await SshClientConnection.ConnectAsync(tcp.GetStream(), new SshClientOptions
            {
                Username = "root",
                UserKey = key,
                HostKeys = access.HostKeys,
            }, loggers.CreateLogger<SshClientConnection>(), cancellationToken);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }
}
