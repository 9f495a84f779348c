using System.Buffers;

namespace EddCloud.Ssh.Protocol;

/// <summary>What the read loop calls; none of it blocks.</summary>
public sealed partial class SshChannel
{
    internal void OnData(ReadOnlySpan<byte> data, uint dataType)
    {
        lock (_gate)
        {
            if (_eofReceived || _closeReceived)
                throw new SshProtocolException($"The peer sent data on channel {LocalId} after its EOF or close.");
            if (data.Length > _localWindow)
                throw new SshProtocolException($"The peer sent {data.Length} bytes on channel {LocalId} with only {_localWindow} left in its window.");
            _localWindow -= data.Length;
        }
        if (data.IsEmpty)
            return;
        var buffer = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(buffer);
        var kind = dataType == 0 ? SshChannelEventKind.Data : SshChannelEventKind.ExtendedData;
        if (!_events.Writer.TryWrite(new SshChannelEvent(kind, buffer, data.Length, dataType)))
            ArrayPool<byte>.Shared.Return(buffer);
    }

    internal void OnWindowAdjust(uint bytes)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _remoteWindow = Math.Min(_remoteWindow + bytes, uint.MaxValue);
            waiter = _windowWaiter;
            _windowWaiter = null;
        }
        waiter?.TrySetResult();
    }

    internal void OnEof()
    {
        lock (_gate)
            _eofReceived = true;
        _events.Writer.TryWrite(new SshChannelEvent(SshChannelEventKind.Eof));
    }

    internal void OnRequest(string name, bool wantReply, ReadOnlySpan<byte> payload)
    {
        if (Interlocked.Increment(ref _queuedRequests) > MaxQueuedRequests)
            throw new SshProtocolException($"The peer sent more than {MaxQueuedRequests} requests on channel {LocalId} without waiting.");
        if (!_events.Writer.TryWrite(new SshChannelEvent(SshChannelEventKind.Request, request: new SshChannelRequest(name, wantReply, payload.ToArray()))) && wantReply)
            _transport.Post(new SshWriter(SshMessageNumbers.ChannelFailure, 5).UInt32(RemoteId).ToArray());
    }

    internal void OnReply(bool success)
    {
        TaskCompletionSource<bool>? pending;
        lock (_gate)
        {
            if (!_replies.TryDequeue(out pending))
                throw new SshProtocolException($"The peer answered a request on channel {LocalId} that was never sent.");
        }
        pending.TrySetResult(success);
    }

    /// <summary>The peer closed: answer with our close unless sent, wake every waiter, end the event stream.</summary>
    internal void OnClose()
    {
        bool answer;
        lock (_gate)
        {
            _closeReceived = true;
            answer = !_closeSent;
            _closeSent = true;
        }
        if (answer)
            _transport.Post(new SshWriter(SshMessageNumbers.ChannelClose, 5).UInt32(RemoteId).ToArray());
        _connection.Forget(this);
        Shutdown();
    }

    /// <summary>The connection is gone.</summary>
    internal void OnConnectionClosed(SshException reason)
    {
        lock (_gate)
            _closeReceived = true;
        Opened.TrySetException(reason);
        Shutdown();
    }

    /// <summary>Our open was refused or the caller gave up waiting for it.</summary>
    internal bool Abandon()
    {
        lock (_gate)
        {
            var wasOpen = Opened.Task.IsCompletedSuccessfully;
            _abandoned = true;
            return wasOpen;
        }
    }

    internal bool IsAbandoned
    {
        get
        {
            lock (_gate)
                return _abandoned;
        }
    }

    private void Shutdown()
    {
        TaskCompletionSource? waiter;
        TaskCompletionSource<bool>[] replies;
        lock (_gate)
        {
            waiter = _windowWaiter;
            _windowWaiter = null;
            replies = [.. _replies];
            _replies.Clear();
        }
        waiter?.TrySetResult();
        foreach (var reply in replies)
            reply.TrySetResult(false);
        _events.Writer.TryWrite(new SshChannelEvent(SshChannelEventKind.Closed));
        _events.Writer.TryComplete();
    }
}
