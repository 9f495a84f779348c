using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace EddCloud.Ssh.Protocol;

/// <summary>
/// One channel (RFC 4254 §5), either end. Incoming data, extended data, EOF, requests and close come out of
/// <see cref="ReadAsync"/> in order; the read loop only queues them, bounded by the window we granted, so a slow
/// reader of one channel never holds up the others. Sending waits for the peer's window. Data and requests may be
/// sent from different tasks; EOF must follow the last data.
/// </summary>
public sealed partial class SshChannel : IAsyncDisposable
{
    private const int MaxQueuedRequests = 256;
    private const int MaxChunk = 64 * 1024;

    private readonly SshConnection _connection;
    private readonly SshTransport _transport;
    private readonly Lock _gate = new();
    private readonly Channel<SshChannelEvent> _events = Channel.CreateUnbounded<SshChannelEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<TaskCompletionSource<bool>> _replies = new();
    private readonly SemaphoreSlim _requestLock = new(1, 1);
    private readonly uint _windowSize;
    private long _localWindow;
    private long _consumed;
    private byte[]? _held;
    private int _heldLength;
    private int _queuedRequests;
    private long _remoteWindow;
    private TaskCompletionSource? _windowWaiter;
    private bool _eofSent;
    private bool _eofReceived;
    private bool _closeSent;
    private bool _closeReceived;
    private bool _abandoned;

    internal SshChannel(SshConnection connection, SshTransport transport, uint localId, string type, ReadOnlyMemory<byte> openData, uint windowSize, uint maxPacket)
    {
        _connection = connection;
        _transport = transport;
        LocalId = localId;
        Type = type;
        OpenData = openData;
        _windowSize = windowSize;
        _localWindow = windowSize;
        LocalMaxPacket = maxPacket;
    }

    /// <summary>"session", "direct-tcpip", ...</summary>
    public string Type { get; }

    /// <summary>The type-specific data of the CHANNEL_OPEN (e.g. host and port of direct-tcpip).</summary>
    public ReadOnlyMemory<byte> OpenData { get; }

    public uint LocalId { get; }

    public uint RemoteId { get; private set; }

    internal uint LocalMaxPacket { get; }

    internal uint RemoteMaxPacket { get; private set; }

    internal TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal void SetRemote(uint remoteId, uint window, uint maxPacket)
    {
        RemoteId = remoteId;
        _remoteWindow = window;
        RemoteMaxPacket = Math.Max(1, Math.Min(maxPacket, MaxChunk));
    }

    /// <summary>The next event. A data event's buffer is valid until the next call, which also credits the peer's window.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SshChannelEvent> ReadAsync(CancellationToken cancellationToken = default)
    {
        await ReleaseHeldAsync().ConfigureAwait(false);
        var reader = _events.Reader;
        SshChannelEvent item;
        while (!reader.TryRead(out item))
        {
            if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                return new SshChannelEvent(SshChannelEventKind.Closed);
        }
        if (item.Kind is SshChannelEventKind.Data or SshChannelEventKind.ExtendedData)
        {
            _held = item.Buffer;
            _heldLength = item.Length;
        }
        else if (item.Kind == SshChannelEventKind.Request)
        {
            Interlocked.Decrement(ref _queuedRequests);
        }
        return item;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReleaseHeldAsync()
    {
        if (_held is null)
            return;
        ArrayPool<byte>.Shared.Return(_held);
        _held = null;
        long adjust = 0;
        lock (_gate)
        {
            _consumed += _heldLength;
            // Half the window consumed: give it back in one message (fewer adjusts, the peer never runs dry).
            if (!_closeSent && !_closeReceived && !_eofReceived && _consumed >= _windowSize / 2)
            {
                adjust = _consumed;
                _consumed = 0;
                _localWindow += adjust;
            }
        }
        if (adjust > 0)
        {
            try
            {
                // Not cancellable: the window is already counted as given back, so the adjust must go out.
                await _transport.SendAsync(new SshWriter(SshMessageNumbers.ChannelWindowAdjust, 9).UInt32(RemoteId).UInt32((uint)adjust).ToArray(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (SshException)
            {
                // The connection is gone; the Closed event tells the reader.
            }
        }
    }

    public ValueTask SendDataAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) => SendCoreAsync(0, data, cancellationToken);

    /// <summary>Extended data; <paramref name="dataType"/> 1 is stderr.</summary>
    public ValueTask SendExtendedDataAsync(uint dataType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(dataType);
        return SendCoreAsync(dataType, data, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendCoreAsync(uint dataType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var count = await ReserveWindowAsync(data.Length, cancellationToken).ConfigureAwait(false);
            await _transport.SendChannelDataAsync(RemoteId, dataType, data[..count], cancellationToken).ConfigureAwait(false);
            data = data[count..];
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReserveWindowAsync(int wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_closeReceived)
                    throw new SshChannelClosedException($"The peer closed channel {LocalId} ({Type}).");
                if (_closeSent || _eofSent)
                    throw new SshChannelClosedException($"Channel {LocalId} ({Type}) has already sent {(_closeSent ? "close" : "EOF")}.");
                if (_remoteWindow > 0)
                {
                    var count = (int)Math.Min(Math.Min(wanted, _remoteWindow), RemoteMaxPacket);
                    _remoteWindow -= count;
                    return count;
                }
                _windowWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _windowWaiter.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Half-closes our direction: we send no more data. Does nothing when already sent or closed.</summary>
    public async ValueTask SendEofAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_eofSent || _closeSent || _closeReceived)
                return;
            _eofSent = true;
        }
        await SendControlAsync(SshMessageNumbers.ChannelEof, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends CHANNEL_CLOSE once; the channel is gone when the peer's close has also arrived.</summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            if (_closeSent)
                return;
            _closeSent = true;
            waiter = _windowWaiter;
            _windowWaiter = null;
        }
        waiter?.TrySetResult();
        await SendControlAsync(SshMessageNumbers.ChannelClose, cancellationToken).ConfigureAwait(false);
        if (_closeReceived)
            _connection.Forget(this);
    }

    private async ValueTask SendControlAsync(byte number, CancellationToken cancellationToken)
    {
        try
        {
            await _transport.SendAsync(new SshWriter(number, 5).UInt32(RemoteId).ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (SshDisconnectedException)
        {
            // The connection is gone: the channel is closed anyway.
        }
    }

    /// <summary>Closes the channel and drops whatever is still queued.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        catch (SshException)
        {
            // Best effort.
        }
        _events.Writer.TryComplete();
        if (_held is not null)
        {
            ArrayPool<byte>.Shared.Return(_held);
            _held = null;
        }
        while (_events.Reader.TryRead(out var item))
        {
            if (item.Buffer is not null)
                ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }

    public override string ToString() => $"{Type} channel {LocalId}->{RemoteId}";
}
