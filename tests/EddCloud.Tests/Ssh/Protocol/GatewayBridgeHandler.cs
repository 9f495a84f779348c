using System.Collections.Concurrent;
using EddCloud.Ssh.Protocol;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>
/// What the edge's gateway will do, in small: each user connection gets one upstream connection to sshd (made by
/// our client), and each channel the user opens is opened the same way upstream and bridged with <see cref="SshChannelBridge.ForwardAsync"/>, as the gateway does.
/// </summary>
internal sealed class GatewayBridgeHandler(SshdProcess sshd)
{
    private readonly ConcurrentDictionary<SshServerConnection, Lazy<Task<SshClientConnection>>> _upstreams = new();

    public async Task HandleAsync(SshServerConnection user, SshChannelOpenRequest request, CancellationToken cancellationToken)
    {
        var upstream = await _upstreams.GetOrAdd(user, u => new Lazy<Task<SshClientConnection>>(() => ConnectUpstreamAsync(u))).Value;
        await SshChannelBridge.ForwardAsync(request, upstream, cancellationToken);
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
