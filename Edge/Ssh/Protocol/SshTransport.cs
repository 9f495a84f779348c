using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace EddCloud.Ssh.Protocol;

/// <summary>
/// The SSH transport layer (RFC 4253) over one stream: version exchange, binary packets, key exchange and re-keying.
/// One read loop owns the receiving side and never waits for anyone: it handles transport messages itself and hands
/// the rest to the layer above. Sending is serialised by a lock; while our KEXINIT is out and our NEWKEYS not yet,
/// only key-exchange messages pass (the others wait), so a re-key at any time loses and reorders nothing.
/// Key-exchange packets and the read loop's own answers go through queues with their own writers, so the read loop
/// never waits on the send lock.
/// </summary>
internal sealed partial class SshTransport : IAsyncDisposable
{
    private const int MaxVersionLineLength = 255;
    private const int MaxPreVersionLines = 50;
    private const int MaxQueuedControlMessages = 4096;

    private readonly Stream _stream;
    private readonly bool _isServer;
    private readonly SshConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly Channel<byte[]> _kexQueue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<byte[]> _controlQueue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _firstKex = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ISshMessageHandler? _handler;
    private int _controlQueued;
    private int _closed;
    private SshException? _closeReason;
    private Task _completion = Task.CompletedTask;

    public SshTransport(Stream stream, bool isServer, SshConnectionOptions options, ILogger logger)
    {
        _stream = stream;
        _isServer = isServer;
        _options = options;
        _logger = logger;
        LocalVersion = "SSH-2.0-" + options.SoftwareVersion;
    }

    public string LocalVersion { get; }

    public string RemoteVersion { get; private set; } = "";

    public bool IsServer => _isServer;

    /// <summary>The first exchange hash; binds user authentication to this connection.</summary>
    public byte[] SessionId => _sessionId ?? throw new InvalidOperationException("No key exchange has finished yet.");

    /// <summary>Completes when the first key exchange has finished (fails if the connection fails before).</summary>
    public Task FirstKeyExchange => _firstKex.Task;

    /// <summary>Completes when the read loop has ended.</summary>
    public Task Completion => _completion;

    public SshException? CloseReason => _closeReason;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Sends our version line and reads the peer's (RFC 4253 §4.2).</summary>
    public async Task ExchangeVersionsAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(LocalVersion + "\r\n"), cancellationToken).ConfigureAwait(false);
        for (var lines = 0; ; lines++)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line.StartsWith("SSH-", StringComparison.Ordinal))
            {
                if (!line.StartsWith("SSH-2.0-", StringComparison.Ordinal) && !line.StartsWith("SSH-1.99-", StringComparison.Ordinal))
                    await RefuseVersionAsync($"The peer speaks an unsupported protocol version ('{Printable(line)}'); only SSH 2.0 is supported.").ConfigureAwait(false);
                RemoteVersion = line;
                return;
            }
            // RFC 4253 §4.2: only a server may send other lines before its version line.
            if (_isServer || lines >= MaxPreVersionLines)
                await RefuseVersionAsync($"The peer sent '{Printable(line)}' instead of an SSH version line.").ConfigureAwait(false);
        }
    }

    private async Task RefuseVersionAsync(string message)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _stream.WriteAsync("Invalid SSH identification string.\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already; the refusal below says enough.
        }
        throw new SshProtocolException(SshDisconnectReason.ProtocolVersionNotSupported, message);
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = _in.AsSpan(_inStart, _inEnd - _inStart);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = available[..newline];
                if (line.Length > 0 && line[^1] == '\r')
                    line = line[..^1];
                if (line.Length > MaxVersionLineLength)
                    throw new SshProtocolException(SshDisconnectReason.ProtocolVersionNotSupported, $"The peer's version line is longer than {MaxVersionLineLength} bytes.");
                _inStart += newline + 1;
                return Encoding.ASCII.GetString(line);
            }
            if (available.Length > MaxVersionLineLength)
                await RefuseVersionAsync("The peer sent more than 255 bytes without a line end instead of an SSH version line.").ConfigureAwait(false);
            var read = await _stream.ReadAsync(_in.AsMemory(_inEnd), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                throw new SshDisconnectedException("The peer closed the connection before sending its SSH version line.");
            _inEnd += read;
        }
    }

    private static string Printable(string text)
    {
        var cut = text.Length > 60 ? text[..60] + "..." : text;
        return string.Concat(cut.Select(c => c is >= ' ' and <= '~' ? c : '?'));
    }

    /// <summary>Starts the read loop and the writers, and sends our first KEXINIT.</summary>
    public void Start(ISshMessageHandler handler)
    {
        _handler = handler;
        StartKeyExchange(initial: true);
        var kexWriter = WriteQueueAsync(_kexQueue.Reader, countsAsControl: false);
        var controlWriter = WriteQueueAsync(_controlQueue.Reader, countsAsControl: true);
        _completion = Task.WhenAll(ReadLoopAsync(), kexWriter, controlWriter);
    }

    /// <summary>Queues a message sent on behalf of the read loop (replies, closes), without waiting.</summary>
    public void Post(byte[] payload)
    {
        if (Interlocked.Increment(ref _controlQueued) > MaxQueuedControlMessages)
        {
            Abort(new SshProtocolException("The peer sends requests but does not read our answers; too many are queued."));
            return;
        }
        _controlQueue.Writer.TryWrite(payload);
    }

    private async Task WriteQueueAsync(ChannelReader<byte[]> queue, bool countsAsControl)
    {
        try
        {
            while (await queue.WaitToReadAsync(_abort.Token).ConfigureAwait(false))
            {
                while (queue.TryRead(out var payload))
                {
                    if (countsAsControl)
                        Interlocked.Decrement(ref _controlQueued);
                    await SendAsync(payload, _abort.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SshException or IOException or ObjectDisposedException)
        {
            Abort(e as SshException ?? new SshDisconnectedException("Sending failed: " + e.Message, e));
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var sequence = _inSeq;
                var payload = await ReadPacketAsync(_abort.Token).ConfigureAwait(false);
                Dispatch(payload.Span, sequence);
            }
        }
        catch (SshException e)
        {
            await FailAsync(e).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            await FailAsync(_closeReason ?? new SshDisconnectedException(SshDisconnectReason.ConnectionLost, "The connection was lost: " + e.Message, e)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever a malformed packet triggers must end this connection, never the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await FailAsync(new SshProtocolException("A packet could not be handled: " + e.Message, e)).ConfigureAwait(false);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> payload, uint sequence)
    {
        var number = payload[0];
        if (_ignoreNextKexPacket && number is >= 30 and <= 49)
        {
            _ignoreNextKexPacket = false;
            return;
        }
        if (!_firstKex.Task.IsCompleted && _strict && !SshMessageNumbers.IsKeyExchange(number))
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, $"Message {number} during the initial key exchange (strict key exchange forbids it).");
        switch (number)
        {
            case SshMessageNumbers.Disconnect:
                var reader = new SshReader(payload[1..]);
                var reason = (SshDisconnectReason)reader.UInt32();
                var description = reader.Utf8(4096);
                throw new SshDisconnectedException(reason, $"The peer disconnected ({reason}): {description}");
            case SshMessageNumbers.Ignore or SshMessageNumbers.Debug or SshMessageNumbers.ExtInfo:
                return;
            case SshMessageNumbers.Unimplemented:
                LogPeerUnimplemented(_logger, new SshReader(payload[1..]).UInt32());
                return;
            case SshMessageNumbers.KexInit:
                OnKexInit(payload, sequence);
                return;
            case SshMessageNumbers.NewKeys:
                OnNewKeys();
                return;
            case SshMessageNumbers.KexEcdhInit when _isServer:
                OnEcdhInit(payload);
                return;
            case SshMessageNumbers.KexEcdhReply when !_isServer:
                OnEcdhReply(payload);
                return;
            case >= 20 and <= 49:
                throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, $"Unexpected key exchange message {number}.");
        }
        if (!_firstKex.Task.IsCompleted)
            throw new SshProtocolException($"Message {number} before the key exchange finished.");
        if (!_handler!.OnMessage(payload))
            Post(new SshWriter(SshMessageNumbers.Unimplemented, 8).UInt32(sequence).ToArray());
        CheckRekeyDue();
    }

    /// <summary>Sends DISCONNECT (best effort, bounded in time) and closes.</summary>
    public async Task DisconnectAsync(SshDisconnectReason reason, string description, SshException? cause = null)
    {
        if (!IsClosed)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                var payload = new SshWriter(SshMessageNumbers.Disconnect).UInt32((uint)reason).String(description).String("").ToArray();
                await SendAsync(payload, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // Closing anyway.
            }
        }
        Abort(cause ?? new SshDisconnectedException(reason, "We disconnected: " + description));
    }

    private async Task FailAsync(SshException reason)
    {
        if (reason is SshProtocolException or SshHostKeyMismatchException)
        {
            LogProtocolError(_logger, reason.Reason, reason.Message);
            await DisconnectAsync(reason.Reason, reason.Message, reason).ConfigureAwait(false);
        }
        Abort(reason);
    }

    /// <summary>Closes the stream at once; every waiter fails with <paramref name="reason"/> (the first reason wins).</summary>
    public void Abort(SshException reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _closeReason = reason;
        _firstKex.TrySetException(reason);
        lock (_kexGate)
            _outKexDone.TrySetException(reason);
        _abort.Cancel();
        _stream.Dispose();
        _kexQueue.Writer.TryComplete();
        _controlQueue.Writer.TryComplete();
        _handler?.OnClosed(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Abort(new SshDisconnectedException(SshDisconnectReason.ByApplication, "The connection was closed by this side."));
        try
        {
            await _completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SshException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Already reported through CloseReason.
        }
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _inCipher.Dispose();
            _outCipher.Dispose();
            ReturnBuffers();
        }
        finally
        {
            _sendLock.Release();
        }
        _abort.Dispose();
    }
}
