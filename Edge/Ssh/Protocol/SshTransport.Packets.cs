using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace EddCloud.Ssh.Protocol;

/// <summary>The binary packet protocol (RFC 4253 §6): framing, padding, checks, encryption, sequence numbers.</summary>
internal sealed partial class SshTransport
{
    /// <summary>Largest packet_length accepted or sent; RFC 4253 §6.1 requires 35000, OpenSSH allows 256 KiB.</summary>
    public const int MaxPacketLength = 256 * 1024;

    /// <summary>Largest payload a caller may send: room for header, padding and tag below <see cref="MaxPacketLength"/>.</summary>
    public const int MaxPayloadLength = MaxPacketLength - 64;

    // One socket read may bring several 32 KiB packets; a packet leaves in one write.
    private const int ReceiveBufferSize = 128 * 1024;
    private const int SendBufferSize = 64 * 1024;
    private const int Slack = 128;
    private const int FrameScratch = 4;

    // Receiving: only the read loop touches these.
    private byte[] _in = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
    // Packets start at _inStart >= 4: the 4 bytes before a packet are the MAC's scratch (see SshPacketCipher).
    private int _inStart = FrameScratch;
    private int _inEnd = FrameScratch;
    private SshPacketCipher _inCipher = NonePacketCipher.Instance;
    private uint _inSeq;

    // Sending: only the holder of _sendLock touches these.
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _out = ArrayPool<byte>.Shared.Rent(SendBufferSize);
    private SshPacketCipher _outCipher = NonePacketCipher.Instance;
    private uint _outSeq;
    private bool _outKexActive;
    private TaskCompletionSource _outKexDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long _bytesSinceKex;

    /// <summary>Reads one packet; the payload stays valid until the next call.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadOnlyMemory<byte>> ReadPacketAsync(CancellationToken cancellationToken)
    {
        await FillAsync(4, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadUInt32BigEndian(_in.AsSpan(_inStart));
        var cipher = _inCipher;
        if (length > MaxPacketLength)
            throw new SshProtocolException($"The peer announced a packet of {length} bytes; at most {MaxPacketLength} are allowed.");
        if (length < 8 || (cipher.AlignsWithoutLength ? length : length + 4) % (uint)cipher.BlockSize != 0)
            throw new SshProtocolException($"The peer sent a packet of {length} bytes, not a multiple of the cipher block size {cipher.BlockSize}.");
        var total = 4 + (int)length + cipher.TagLength;
        await FillAsync(total, cancellationToken).ConfigureAwait(false);
        cipher.Open(_inSeq, _in.AsSpan(_inStart - FrameScratch, FrameScratch + 4 + (int)length), _in.AsSpan(_inStart + 4 + (int)length, cipher.TagLength));
        var packet = _in.AsSpan(_inStart, 4 + (int)length);
        var padding = packet[4];
        if (padding < 4 || padding + 1 >= length)
            throw new SshProtocolException($"The peer sent a packet with {padding} bytes of padding in {length} (at least 4, and a payload, are required).");
        var payload = _in.AsMemory(_inStart + 5, (int)length - 1 - padding);
        _inStart += total;
        _inSeq++;
        Interlocked.Add(ref _bytesSinceKex, total);
        return payload;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FillAsync(int count, CancellationToken cancellationToken)
    {
        var available = _inEnd - _inStart;
        if (available >= count)
            return;
        if (_inStart + count > _in.Length)
        {
            var target = FrameScratch + count + Slack > _in.Length ? ArrayPool<byte>.Shared.Rent(Math.Max(FrameScratch + count + Slack, 2 * _in.Length)) : _in;
            Buffer.BlockCopy(_in, _inStart, target, FrameScratch, available);
            if (target != _in)
            {
                ArrayPool<byte>.Shared.Return(_in);
                _in = target;
            }
            _inStart = FrameScratch;
            _inEnd = FrameScratch + available;
        }
        var read = await _stream.ReadAtLeastAsync(_in.AsMemory(_inEnd), count - available, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        _inEnd += read;
        if (read < count - available)
            throw new SshDisconnectedException(SshDisconnectReason.ConnectionLost, "The peer closed the connection.");
    }

    /// <summary>Sends one message (its first byte is the message number).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length > MaxPayloadLength)
            throw new ArgumentException($"A payload of {payload.Length} bytes is larger than {MaxPayloadLength}.", nameof(payload));
        var number = payload.Span[0];
        await AcquireSendAsync(number, payload.Length, cancellationToken).ConfigureAwait(false);
        payload.Span.CopyTo(_out.AsSpan(FrameScratch + 5));
        await FinishSendAsync(number, payload.Length).ConfigureAwait(false);
    }

    /// <summary>Sends CHANNEL_DATA (or CHANNEL_EXTENDED_DATA when <paramref name="dataType"/> is not 0) with one copy of the data.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendChannelDataAsync(uint recipient, uint dataType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var number = dataType == 0 ? SshMessageNumbers.ChannelData : SshMessageNumbers.ChannelExtendedData;
        var headerLength = dataType == 0 ? 9 : 13;
        var payloadLength = headerLength + data.Length;
        if (payloadLength > MaxPayloadLength)
            throw new ArgumentException($"A data packet of {data.Length} bytes is too large.", nameof(data));
        await AcquireSendAsync(number, payloadLength, cancellationToken).ConfigureAwait(false);
        var header = _out.AsSpan(FrameScratch + 5);
        header[0] = number;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], recipient);
        if (dataType != 0)
            BinaryPrimitives.WriteUInt32BigEndian(header[5..], dataType);
        BinaryPrimitives.WriteUInt32BigEndian(header[(headerLength - 4)..], (uint)data.Length);
        data.Span.CopyTo(header[headerLength..]);
        await FinishSendAsync(number, payloadLength).ConfigureAwait(false);
    }

    /// <summary>Takes the send lock; messages other than key exchange and 1-4 wait while a key exchange of ours is open.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AcquireSendAsync(byte number, int payloadLength, CancellationToken cancellationToken)
    {
        var passesKex = SshMessageNumbers.IsKeyExchange(number) || number <= SshMessageNumbers.Debug
            || (number == SshMessageNumbers.ExtInfo && _extInfoPending);
        while (true)
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (IsClosed)
            {
                _sendLock.Release();
                throw Closed();
            }
            if (passesKex || !_outKexActive)
                break;
            var wait = _outKexDone.Task;
            _sendLock.Release();
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        var needed = FrameScratch + payloadLength + 5 + Slack;
        if (_out.Length < needed)
        {
            ArrayPool<byte>.Shared.Return(_out);
            _out = ArrayPool<byte>.Shared.Rent(needed);
        }
    }

    /// <summary>Pads, seals and writes the payload at _out[FrameScratch + 5..]; releases the send lock.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FinishSendAsync(byte number, int payloadLength)
    {
        try
        {
            var cipher = _outCipher;
            var block = cipher.BlockSize;
            var unpadded = (cipher.AlignsWithoutLength ? 1 : 5) + payloadLength;
            var padding = block - unpadded % block;
            if (padding < 4)
                padding += block;
            var packetLength = 1 + payloadLength + padding;
            var packet = _out.AsSpan(FrameScratch);
            BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)packetLength);
            packet[4] = (byte)padding;
            RandomNumberGenerator.Fill(packet.Slice(5 + payloadLength, padding));
            cipher.Seal(_outSeq, _out.AsSpan(0, FrameScratch + 4 + packetLength), packet.Slice(4 + packetLength, cipher.TagLength));
            _outSeq++;
            var total = 4 + packetLength + cipher.TagLength;
            if (number == SshMessageNumbers.KexInit)
                _outKexActive = true;
            else if (number == SshMessageNumbers.NewKeys)
                OnNewKeysSent();
            else if (number == SshMessageNumbers.ExtInfo && _extInfoPending)
                OnExtInfoSent();
            Interlocked.Add(ref _bytesSinceKex, total);
            await _stream.WriteAsync(_out.AsMemory(FrameScratch, total), _abort.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            Abort(new SshDisconnectedException(SshDisconnectReason.ConnectionLost, "The connection was lost while sending: " + e.Message, e));
            throw Closed();
        }
        finally
        {
            _sendLock.Release();
        }
        if (number is SshMessageNumbers.ChannelData or SshMessageNumbers.ChannelExtendedData)
            CheckRekeyDue();
    }

    /// <summary>What a send on a closed connection throws: always a fresh <see cref="SshDisconnectedException"/> carrying the first reason.</summary>
    private SshDisconnectedException Closed() => _closeReason switch
    {
        null => new SshDisconnectedException(),
        var reason => new SshDisconnectedException(reason.Reason, "The SSH connection is closed: " + reason.Message, reason),
    };

    private void ReturnBuffers()
    {
        ArrayPool<byte>.Shared.Return(_in);
        ArrayPool<byte>.Shared.Return(_out);
        _in = [];
        _out = [];
    }
}
