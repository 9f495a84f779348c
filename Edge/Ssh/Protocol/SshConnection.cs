using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace EddCloud.Ssh.Protocol;

/// <summary>
/// An authenticated SSH connection (RFC 4254), either end: opens and accepts channels, answers global requests.
/// Made by <see cref="SshServerConnection.AcceptAsync"/> or <see cref="SshClientConnection.ConnectAsync"/>.
/// </summary>
public abstract partial class SshConnection : IAsyncDisposable, ISshMessageHandler
{
    private const int MaxQueuedAuthMessages = 64;
    private const int MaxPendingIncomingChannels = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<uint, SshChannel> _channels = [];
    private readonly Channel<SshChannelOpenRequest> _incoming = Channel.CreateUnbounded<SshChannelOpenRequest>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Channel<byte[]> _authMessages = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Queue<TaskCompletionSource<bool>> _globalReplies = new();
    private readonly SemaphoreSlim _globalRequestLock = new(1, 1);
    private uint _nextChannelId;
    private int _pendingIncoming;
    private int _queuedAuth;
    private volatile bool _authenticated;

    private protected SshConnection(SshTransport transport, SshConnectionOptions options, ILogger logger)
    {
        Transport = transport;
        Options = options;
        Logger = logger;
    }

    private protected SshTransport Transport { get; }

    private protected SshConnectionOptions Options { get; }

    private protected ILogger Logger { get; }

    /// <summary>Whether the peer may open channels to us (the server accepts; the client refuses forwarded channels).</summary>
    private protected abstract bool AcceptsChannels { get; }

    /// <summary>The peer's version line, e.g. "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3".</summary>
    public string RemoteVersion => Transport.RemoteVersion;

    /// <summary>Completes when the connection has ended; <see cref="CloseReason"/> then says why.</summary>
    public Task Completion => Transport.Completion;

    public SshException? CloseReason => Transport.CloseReason;

    public bool IsConnected => !Transport.IsClosed;

    /// <summary>Key exchange algorithm of the last (re-)key, e.g. "curve25519-sha256".</summary>
    public string KeyExchangeAlgorithm => Transport.Negotiated?.KeyExchange ?? "";

    /// <summary>Host key algorithm of the last key exchange, e.g. "ssh-ed25519" or "rsa-sha2-512".</summary>
    public string HostKeyAlgorithm => Transport.Negotiated?.HostKey ?? "";

    /// <summary>Cipher from client to server, e.g. "aes128-gcm@openssh.com".</summary>
    public string CipherAlgorithm => Transport.Negotiated?.CipherClientToServer ?? "";

    /// <summary>MAC from client to server; null with an AEAD cipher.</summary>
    public string? MacAlgorithm => Transport.Negotiated?.MacClientToServer;

    /// <summary>True when both ends use OpenSSH's strict key exchange (the Terrapin counter-measure).</summary>
    public bool IsStrictKeyExchange => Transport.IsStrict;

    /// <summary>Number of channels open now.</summary>
    public int ChannelCount
    {
        get
        {
            lock (_gate)
                return _channels.Count;
        }
    }

    /// <summary>Version exchange and first key exchange, each with its timeout.</summary>
    private protected async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.VersionTimeout);
        try
        {
            await Transport.ExchangeVersionsAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SshTimeoutException($"The peer sent no SSH version line within {Options.VersionTimeout.TotalSeconds:0.#} s.");
        }
        catch (IOException e)
        {
            throw new SshDisconnectedException("The connection was lost during the version exchange: " + e.Message, e);
        }
        Transport.Start(this);
        timeout.CancelAfter(Options.KeyExchangeTimeout);
        try
        {
            await Transport.FirstKeyExchange.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SshTimeoutException($"The key exchange did not finish within {Options.KeyExchangeTimeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>The next authentication-layer message (service and userauth), for the auth code of either end.</summary>
    private protected async Task<byte[]> ReadAuthMessageAsync(CancellationToken cancellationToken)
    {
        try
        {
            var message = await _authMessages.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Decrement(ref _queuedAuth);
            return message;
        }
        catch (ChannelClosedException)
        {
            throw Transport.CloseReason ?? new SshDisconnectedException();
        }
    }

    /// <summary>From here on, messages go to the connection layer (set before USERAUTH_SUCCESS goes out or comes in).</summary>
    private protected void MarkAuthenticated() => _authenticated = true;

    /// <summary>Opens a channel of <paramref name="type"/> with its type-specific data; fails with <see cref="SshChannelOpenException"/> when refused.</summary>
    public async Task<SshChannel> OpenChannelAsync(string type, ReadOnlyMemory<byte> openData, CancellationToken cancellationToken = default)
    {
        SshChannel channel;
        lock (_gate)
        {
            if (_channels.Count >= Options.MaxChannels)
                throw new SshChannelOpenException(SshChannelOpenFailureReason.ResourceShortage, $"At most {Options.MaxChannels} channels may be open on one connection.");
            channel = new SshChannel(this, Transport, NextChannelIdLocked(), type, openData, Options.ChannelWindowSize, Options.ChannelMaxPacketSize);
            _channels.Add(channel.LocalId, channel);
        }
        try
        {
            await Transport.SendAsync(new SshWriter(SshMessageNumbers.ChannelOpen, 64 + openData.Length)
                .String(type).UInt32(channel.LocalId).UInt32(Options.ChannelWindowSize).UInt32(Options.ChannelMaxPacketSize)
                .Raw(openData.Span).ToArray(), cancellationToken).ConfigureAwait(false);
            await channel.Opened.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return channel;
        }
        catch (OperationCanceledException)
        {
            // A confirmation that still comes is answered with a close; a refusal just forgets the channel.
            if (channel.Abandon())
                await channel.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens a "session" channel.</summary>
    public Task<SshChannel> OpenSessionAsync(CancellationToken cancellationToken = default) =>
        OpenChannelAsync("session", ReadOnlyMemory<byte>.Empty, cancellationToken);

    /// <summary>Opens a "direct-tcpip" channel (RFC 4254 §7.2): the server connects to host:port for us.</summary>
    public Task<SshChannel> OpenDirectTcpipAsync(string host, int port, string originatorAddress, int originatorPort, CancellationToken cancellationToken = default) =>
        OpenChannelAsync("direct-tcpip", SshChannelOpenRequest.DirectTcpipData(host, port, originatorAddress, originatorPort), cancellationToken);

    /// <summary>The next channel the peer wants to open; accept or reject it. Fails when the connection ends.</summary>
    public async Task<SshChannelOpenRequest> AcceptChannelAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var request = await _incoming.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Decrement(ref _pendingIncoming);
            return request;
        }
        catch (ChannelClosedException)
        {
            throw Transport.CloseReason ?? new SshDisconnectedException();
        }
    }

    internal async Task<SshChannel> AcceptIncomingAsync(SshChannelOpenRequest request, CancellationToken cancellationToken)
    {
        SshChannel channel;
        lock (_gate)
        {
            channel = new SshChannel(this, Transport, NextChannelIdLocked(), request.Type, request.Data, Options.ChannelWindowSize, Options.ChannelMaxPacketSize);
            channel.SetRemote(request.SenderId, request.InitialWindow, request.MaxPacket);
            channel.Opened.TrySetResult();
            _channels.Add(channel.LocalId, channel);
        }
        await Transport.SendAsync(new SshWriter(SshMessageNumbers.ChannelOpenConfirmation, 17)
            .UInt32(request.SenderId).UInt32(channel.LocalId).UInt32(Options.ChannelWindowSize).UInt32(Options.ChannelMaxPacketSize)
            .ToArray(), cancellationToken).ConfigureAwait(false);
        return channel;
    }

    internal ValueTask RejectIncomingAsync(SshChannelOpenRequest request, SshChannelOpenFailureReason reason, string description, CancellationToken cancellationToken) =>
        Transport.SendAsync(OpenFailure(request.SenderId, reason, description), cancellationToken);

    private static byte[] OpenFailure(uint recipient, SshChannelOpenFailureReason reason, string description) =>
        new SshWriter(SshMessageNumbers.ChannelOpenFailure, 64).UInt32(recipient).UInt32((uint)reason).String(description).String("").ToArray();

    /// <summary>A global request (RFC 4254 §4); with <paramref name="wantReply"/> waits for the answer.</summary>
    public async Task<bool> SendGlobalRequestAsync(string name, bool wantReply, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<bool>? reply = null;
        await _globalRequestLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (wantReply)
            {
                reply = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_gate)
                    _globalReplies.Enqueue(reply);
            }
            await Transport.SendAsync(new SshWriter(SshMessageNumbers.GlobalRequest, 32 + payload.Length)
                .String(name).Boolean(wantReply).Raw(payload.Span).ToArray(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _globalRequestLock.Release();
        }
        return reply is null || await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a key exchange now (normally automatic after <see cref="SshConnectionOptions.RekeyAfterBytes"/>).</summary>
    public void Rekey() => Transport.StartKeyExchange();

    /// <summary>Sends DISCONNECT with <paramref name="description"/> (shown to the user by OpenSSH) and closes.</summary>
    public Task DisconnectAsync(SshDisconnectReason reason, string description) => Transport.DisconnectAsync(reason, description);

    public async ValueTask DisposeAsync()
    {
        if (IsConnected)
            await Transport.DisconnectAsync(SshDisconnectReason.ByApplication, "closed").ConfigureAwait(false);
        await Transport.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    internal void Forget(SshChannel channel)
    {
        lock (_gate)
            _channels.Remove(channel.LocalId);
    }

    private uint NextChannelIdLocked()
    {
        while (_channels.ContainsKey(_nextChannelId))
            _nextChannelId++;
        return _nextChannelId++;
    }
}
