namespace EddCloud.Ssh.Protocol;

/// <summary>Channel requests we send, and answers to the peer's.</summary>
public sealed partial class SshChannel
{
    /// <summary>
    /// Sends a channel request with its type-specific <paramref name="payload"/>. With <paramref name="wantReply"/>
    /// it waits for the answer (true on success); without, it returns true once sent. False when the channel closed.
    /// </summary>
    public async ValueTask<bool> SendRequestAsync(string name, bool wantReply, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<bool>? reply = null;
        await _requestLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                if (_closeSent || _closeReceived)
                    return false;
                if (wantReply)
                {
                    reply = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _replies.Enqueue(reply);
                }
            }
            var message = new SshWriter(SshMessageNumbers.ChannelRequest, 32 + payload.Length)
                .UInt32(RemoteId).String(name).Boolean(wantReply).Raw(payload.Span).ToArray();
            await _transport.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _requestLock.Release();
        }
        return reply is null || await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Answers a request of the peer's (in the order they came); nothing is sent when it wanted no reply.</summary>
    public async ValueTask ReplyAsync(SshChannelRequest request, bool success, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.WantReply)
            return;
        lock (_gate)
        {
            if (_closeSent || _closeReceived)
                return;
        }
        var number = success ? SshMessageNumbers.ChannelSuccess : SshMessageNumbers.ChannelFailure;
        try
        {
            await _transport.SendAsync(new SshWriter(number, 5).UInt32(RemoteId).ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (SshDisconnectedException)
        {
            // Nobody is left to answer.
        }
    }

    /// <summary>"exec" (RFC 4254 §6.5); true when the server started the command.</summary>
    public ValueTask<bool> ExecAsync(string command, CancellationToken cancellationToken = default) =>
        SendRequestAsync("exec", true, new SshWriter().String(command).ToArray(), cancellationToken);

    /// <summary>"shell".</summary>
    public ValueTask<bool> RequestShellAsync(CancellationToken cancellationToken = default) =>
        SendRequestAsync("shell", true, ReadOnlyMemory<byte>.Empty, cancellationToken);

    /// <summary>"subsystem" (e.g. "sftp").</summary>
    public ValueTask<bool> RequestSubsystemAsync(string subsystem, CancellationToken cancellationToken = default) =>
        SendRequestAsync("subsystem", true, new SshWriter().String(subsystem).ToArray(), cancellationToken);

    /// <summary>"pty-req" with no terminal modes.</summary>
    public ValueTask<bool> RequestPtyAsync(string term, uint columns, uint rows, CancellationToken cancellationToken = default) =>
        SendRequestAsync("pty-req", true, new SshWriter().String(term).UInt32(columns).UInt32(rows).UInt32(0).UInt32(0).String([0]).ToArray(), cancellationToken);

    /// <summary>"window-change": the terminal's new size in characters (no reply, as RFC 4254 §6.7 says).</summary>
    public ValueTask<bool> ResizeAsync(uint columns, uint rows, CancellationToken cancellationToken = default) =>
        SendRequestAsync("window-change", false, new SshWriter().UInt32(columns).UInt32(rows).UInt32(0).UInt32(0).ToArray(), cancellationToken);

    /// <summary>"env" (servers usually refuse most names).</summary>
    public ValueTask<bool> SetEnvironmentAsync(string name, string value, CancellationToken cancellationToken = default) =>
        SendRequestAsync("env", true, new SshWriter().String(name).String(value).ToArray(), cancellationToken);

    /// <summary>"exit-status" (server side, before EOF/close).</summary>
    public ValueTask<bool> SendExitStatusAsync(uint status, CancellationToken cancellationToken = default) =>
        SendRequestAsync("exit-status", false, new SshWriter().UInt32(status).ToArray(), cancellationToken);

    /// <summary>"signal" (name without "SIG", e.g. "TERM").</summary>
    public ValueTask<bool> SendSignalAsync(string signal, CancellationToken cancellationToken = default) =>
        SendRequestAsync("signal", false, new SshWriter().String(signal).ToArray(), cancellationToken);
}
