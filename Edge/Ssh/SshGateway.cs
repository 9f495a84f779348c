using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using EddCloud.Ssh.Protocol;
using Microsoft.Extensions.Options;

namespace EddCloud.Edge.Ssh;

/// <summary>
/// The SSH gateway: users' clients log in here as <c>&lt;user&gt;.&lt;container&gt;</c> with their own key; the
/// gateway logs in to that container's sshd with the container's own gateway key, checking the host key compute
/// recorded, and bridges every channel both ways (shells with PTYs, exec, sftp, port forwarding, several at once).
/// New connections are limited per client address; every handshake step has a timeout (in the protocol).
/// </summary>
public sealed partial class SshGateway(
    SshGatewayResolver resolver,
    SshGatewayHostKey hostKey,
    ContainerSshConnector connector,
    IOptions<EdgeOptions> options,
    ILoggerFactory loggers) : BackgroundService
{
    private const int MaxConnections = 2000;
    private readonly ILogger _logger = loggers.CreateLogger<SshGateway>();
    private readonly PartitionedRateLimiter<IPAddress> _connectionsPerAddress = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 30,
            TokensPerPeriod = 10,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    private int _open;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var edge = options.Value;
        using var listener = new TcpListener(IPAddress.Parse(edge.ListenAddress), edge.SshPort);
        listener.Start(backlog: 512);
        LogListening(_logger, edge.ListenAddress, edge.SshPort, hostKey.Key.PublicKeyLine);
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var address = (socket.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
            using var lease = _connectionsPerAddress.AttemptAcquire(address);
            if (!lease.IsAcquired || Interlocked.Increment(ref _open) > MaxConnections)
            {
                if (lease.IsAcquired)
                    Interlocked.Decrement(ref _open);
                LogRefusedConnection(_logger, address.ToString());
                socket.Dispose();
                continue;
            }

            _ = ServeAsync(socket, address, stoppingToken);
        }
    }

    private async Task ServeAsync(Socket socket, IPAddress address, CancellationToken stoppingToken)
    {
        socket.NoDelay = true;
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            var server = new SshServerOptions
            {
                HostKey = hostKey.Key,
                VersionTimeout = options.Value.SshVersionTimeout,
                KeyExchangeTimeout = options.Value.SshKeyExchangeTimeout,
                AuthenticationTimeout = options.Value.SshAuthenticationTimeout,
                Authenticate = async (request, cancellationToken) =>
                {
                    var (target, refusal) = await resolver.ResolveAsync(request.Username, request.PublicKey.Fingerprint, cancellationToken);
                    if (target is null)
                    {
                        LogRefusedLogin(_logger, address.ToString(), request.Username, request.PublicKey.Fingerprint);
                        return SshAuthDecision.Reject(banner: refusal + "\r\n");
                    }

                    return SshAuthDecision.Accept(target);
                },
            };
            await using var user = await SshServerConnection.AcceptAsync(stream, server, loggers.CreateLogger<SshServerConnection>(), stoppingToken);
            var target = (SshGatewayTarget)user.AuthContext!;
            await using var upstream = await connector.ConnectAsync(target.Access, stoppingToken);
            LogBridging(_logger, address.ToString(), target.Owner, target.Name, target.ContainerId);
            var channels = new List<Task>();
            try
            {
                while (true)
                {
                    var open = await user.AcceptChannelAsync(stoppingToken);
                    channels.Add(SshChannelBridge.ForwardAsync(open, upstream, stoppingToken));
                    channels.RemoveAll(task => task.IsCompleted);
                }
            }
            catch (SshDisconnectedException)
            {
                // The user (or the container's sshd) left.
            }

            await Task.WhenAll(channels).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception exception) when (exception is SshException or IOException or SocketException or OperationCanceledException or InvalidOperationException)
        {
            LogEnded(_logger, address.ToString(), exception.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    public override void Dispose()
    {
        _connectionsPerAddress.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 9260, Level = LogLevel.Information, Message = "SSH gateway listening on {Address}:{Port}, host key {HostKey}")]
    private static partial void LogListening(ILogger logger, string address, int port, string hostKey);

    [LoggerMessage(EventId = 9261, Level = LogLevel.Warning, Message = "SSH connection from {Client} refused: too many from that address")]
    private static partial void LogRefusedConnection(ILogger logger, string client);

    [LoggerMessage(EventId = 9262, Level = LogLevel.Information, Message = "SSH login from {Client} as {Login} with key {Fingerprint} refused")]
    private static partial void LogRefusedLogin(ILogger logger, string client, string login, string fingerprint);

    [LoggerMessage(EventId = 9263, Level = LogLevel.Information, Message = "SSH from {Client} bridged to {Owner}.{Container} ({ContainerId})")]
    private static partial void LogBridging(ILogger logger, string client, string owner, string container, Guid containerId);

    [LoggerMessage(EventId = 9264, Level = LogLevel.Debug, Message = "SSH connection from {Client} ended: {Reason}")]
    private static partial void LogEnded(ILogger logger, string client, string reason);
}
