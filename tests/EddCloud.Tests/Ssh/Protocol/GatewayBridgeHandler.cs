using System.Collections.Concurrent;
using EddCloud.Edge.Ssh.Protocol;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>
/// What the edge's gateway will do, in small: each user connection gets one upstream connection to sshd (made by
/// our client), and each channel the user opens is opened the same way upstream and bridged with <see cref="SshChannelBridge"/>.
/// </summary>
internal sealed class GatewayBridgeHandler(SshdProcess sshd)
{
    private readonly ConcurrentDictionary<SshServerConnection, Lazy<Task<SshClientConnection>>> _upstreams = new();

    public async Task HandleAsync(SshServerConnection user, SshChannelOpenRequest request, CancellationToken cancellationToken)
    {
        var upstream = await _upstreams.GetOrAdd(user, u => new Lazy<Task<SshClientConnection>>(() => ConnectUpstreamAsync(u))).Value;
        SshChannel target;
        try
        {
            target = await upstream.OpenChannelAsync(request.Type, request.Data, cancellationToken);
        }
        catch (SshChannelOpenException e)
        {
            await request.RejectAsync(e.FailureReason, e.Description, cancellationToken);
            return;
        }
        var source = await request.AcceptAsync(cancellationToken);
        await SshChannelBridge.RunAsync(source, target, cancellationToken);
    }

    private async Task<SshClientConnection> ConnectUpstreamAsync(SshServerConnection user)
    {
        var upstream = await sshd.ConnectAsync();
        _ = user.Completion.ContinueWith(async _ =>
        {
            _upstreams.TryRemove(user, out var _);
            await upstream.DisposeAsync();
        }, TaskScheduler.Default);
        return upstream;
    }
}
