namespace EddCloud.Ssh.Protocol;

/// <summary>
/// Joins two channels (e.g. the user's session and the same session opened on a container's sshd): data, extended
/// data, EOF, requests (with their answers passed back) and close flow both ways, in order. Each direction reads
/// its source only after the destination took the previous data, so back-pressure holds end to end.
/// </summary>
public static class SshChannelBridge
{
    /// <summary>
    /// Opens the channel a peer asked for on <paramref name="upstream"/> the same way and bridges the two until both
    /// close; when upstream refuses, the peer's request is refused with upstream's reason.
    /// </summary>
    public static async Task ForwardAsync(SshChannelOpenRequest open, SshConnection upstream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(upstream);
        SshChannel target;
        try
        {
            target = await upstream.OpenChannelAsync(open.Type, open.Data, cancellationToken).ConfigureAwait(false);
        }
        catch (SshChannelOpenException exception)
        {
            await open.RejectAsync(exception.FailureReason, exception.Description, cancellationToken).ConfigureAwait(false);
            return;
        }

        var source = await open.AcceptAsync(cancellationToken).ConfigureAwait(false);
        await RunAsync(source, target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs until both directions are closed; closes both channels at the end.</summary>
    public static async Task RunAsync(SshChannel first, SshChannel second, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        try
        {
            await Task.WhenAll(PumpAsync(first, second, cancellationToken), PumpAsync(second, first, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            await first.DisposeAsync().ConfigureAwait(false);
            await second.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Forwards everything from <paramref name="source"/> to <paramref name="destination"/> until the source closes.</summary>
    public static async Task PumpAsync(SshChannel source, SshChannel destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        try
        {
            while (true)
            {
                var item = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
                switch (item.Kind)
                {
                    case SshChannelEventKind.Data:
                        await destination.SendDataAsync(item.Data, cancellationToken).ConfigureAwait(false);
                        break;
                    case SshChannelEventKind.ExtendedData:
                        await destination.SendExtendedDataAsync(item.DataType, item.Data, cancellationToken).ConfigureAwait(false);
                        break;
                    case SshChannelEventKind.Eof:
                        await destination.SendEofAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    case SshChannelEventKind.Request:
                        var request = item.Request!;
                        var ok = await destination.SendRequestAsync(request.Name, request.WantReply, request.Payload, cancellationToken).ConfigureAwait(false);
                        await source.ReplyAsync(request, ok, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await destination.CloseAsync(cancellationToken).ConfigureAwait(false);
                        return;
                }
            }
        }
        catch (SshException)
        {
            // One side is gone (closed channel or lost connection): close both so the other pump ends too.
            await source.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            await destination.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
