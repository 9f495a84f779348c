namespace EddCloud.Ssh.Protocol;

/// <summary>The read loop's side of the connection layer: routes each message without ever waiting.</summary>
public abstract partial class SshConnection
{
    bool ISshMessageHandler.OnMessage(ReadOnlySpan<byte> payload)
    {
        var number = payload[0];
        if (number is SshMessageNumbers.ServiceRequest or SshMessageNumbers.ServiceAccept or (>= 50 and <= 79))
        {
            // After success, late authentication messages are ignored (RFC 4252 §5.1).
            if (!_authenticated)
                QueueAuthMessage(payload);
            return true;
        }
        if (number is < SshMessageNumbers.GlobalRequest or > SshMessageNumbers.ChannelFailure)
            return false;
        if (!_authenticated)
            throw new SshProtocolException($"Connection message {number} before authentication.");
        var reader = new SshReader(payload[1..]);
        switch (number)
        {
            case SshMessageNumbers.GlobalRequest:
                OnGlobalRequest(ref reader);
                break;
            case SshMessageNumbers.RequestSuccess or SshMessageNumbers.RequestFailure:
                TaskCompletionSource<bool>? reply;
                lock (_gate)
                {
                    if (!_globalReplies.TryDequeue(out reply))
                        throw new SshProtocolException("The peer answered a global request that was never sent.");
                }
                reply.TrySetResult(number == SshMessageNumbers.RequestSuccess);
                break;
            case SshMessageNumbers.ChannelOpen:
                OnChannelOpen(ref reader);
                break;
            default:
                OnChannelMessage(number, ref reader);
                break;
        }
        return true;
    }

    private void QueueAuthMessage(ReadOnlySpan<byte> payload)
    {
        if (Interlocked.Increment(ref _queuedAuth) > MaxQueuedAuthMessages)
            throw new SshProtocolException("The peer sent too many authentication messages without waiting for answers.");
        // The client's side: everything after USERAUTH_SUCCESS belongs to the connection layer.
        if (payload[0] == SshMessageNumbers.UserAuthSuccess && !Transport.IsServer)
            MarkAuthenticated();
        _authMessages.Writer.TryWrite(payload.ToArray());
    }

    private void OnGlobalRequest(ref SshReader reader)
    {
        var name = reader.Utf8(256);
        var wantReply = reader.Boolean();
        LogGlobalRequest(Logger, name, wantReply);
        // keepalive@openssh.com, tcpip-forward, hostkeys-00@openssh.com...: none is offered, and a failure answers a keepalive just as well.
        if (wantReply)
            Transport.Post([SshMessageNumbers.RequestFailure]);
    }

    private void OnChannelOpen(ref SshReader reader)
    {
        var type = reader.Utf8(256);
        var sender = reader.UInt32();
        var window = reader.UInt32();
        var maxPacket = reader.UInt32();
        var data = reader.Rest.ToArray();
        SshChannelOpenFailureReason? refusal = null;
        string description = "";
        lock (_gate)
        {
            if (!AcceptsChannels)
                (refusal, description) = (SshChannelOpenFailureReason.AdministrativelyProhibited, "This side opens no channels on request.");
            else if (_channels.Count + _pendingIncoming >= Options.MaxChannels || _pendingIncoming >= MaxPendingIncomingChannels)
                (refusal, description) = (SshChannelOpenFailureReason.ResourceShortage, $"Too many channels (at most {Options.MaxChannels}).");
            else
                Interlocked.Increment(ref _pendingIncoming);
        }
        if (refusal is { } reason)
        {
            Transport.Post(OpenFailure(sender, reason, description));
            return;
        }
        if (!_incoming.Writer.TryWrite(new SshChannelOpenRequest(this, type, sender, window, maxPacket, data)))
            Transport.Post(OpenFailure(sender, SshChannelOpenFailureReason.ConnectFailed, "The connection is closing."));
    }

    private void OnChannelMessage(byte number, ref SshReader reader)
    {
        var id = reader.UInt32();
        SshChannel? channel;
        lock (_gate)
            _channels.TryGetValue(id, out channel);
        if (channel is null)
            throw new SshProtocolException($"Message {number} for channel {id}, which is not open.");
        switch (number)
        {
            case SshMessageNumbers.ChannelOpenConfirmation:
                var sender = reader.UInt32();
                var window = reader.UInt32();
                var maxPacket = reader.UInt32();
                if (channel.Opened.Task.IsCompleted)
                    throw new SshProtocolException($"Channel {id} was confirmed twice.");
                channel.SetRemote(sender, window, maxPacket);
                channel.Opened.TrySetResult();
                if (channel.IsAbandoned)
                    Transport.Post(new SshWriter(SshMessageNumbers.ChannelClose, 5).UInt32(sender).ToArray());
                break;
            case SshMessageNumbers.ChannelOpenFailure:
                var reason = (SshChannelOpenFailureReason)reader.UInt32();
                var description = reader.Utf8(4096);
                Forget(channel);
                channel.Opened.TrySetException(new SshChannelOpenException(reason, $"The peer refused the {channel.Type} channel ({reason}): {description}", description));
                break;
            case SshMessageNumbers.ChannelWindowAdjust:
                channel.OnWindowAdjust(reader.UInt32());
                break;
            case SshMessageNumbers.ChannelData:
                channel.OnData(reader.String(), 0);
                break;
            case SshMessageNumbers.ChannelExtendedData:
                var dataType = reader.UInt32();
                channel.OnData(reader.String(), dataType == 0 ? 1 : dataType);
                break;
            case SshMessageNumbers.ChannelEof:
                channel.OnEof();
                break;
            case SshMessageNumbers.ChannelClose:
                channel.OnClose();
                break;
            case SshMessageNumbers.ChannelRequest:
                var name = reader.Utf8(256);
                var wantReply = reader.Boolean();
                channel.OnRequest(name, wantReply, reader.Rest);
                break;
            case SshMessageNumbers.ChannelSuccess or SshMessageNumbers.ChannelFailure:
                channel.OnReply(number == SshMessageNumbers.ChannelSuccess);
                break;
        }
    }

    void ISshMessageHandler.OnClosed(SshException reason)
    {
        SshChannel[] channels;
        TaskCompletionSource<bool>[] replies;
        lock (_gate)
        {
            channels = [.. _channels.Values];
            _channels.Clear();
            replies = [.. _globalReplies];
            _globalReplies.Clear();
        }
        foreach (var channel in channels)
            channel.OnConnectionClosed(reason);
        foreach (var reply in replies)
            reply.TrySetResult(false);
        _incoming.Writer.TryComplete();
        _authMessages.Writer.TryComplete();
        LogClosed(Logger, reason.Reason, reason.Message);
    }
}
