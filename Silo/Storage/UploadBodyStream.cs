using EddCloud.Grains.Errors;

namespace EddCloud.Silo.Storage;

/// <summary>
/// The request body as the file system reads it: counts received bytes for progress, stops at the size limit,
/// and grows the quota reservation before bytes past it are stored.
/// </summary>
internal sealed class UploadBodyStream(Stream inner, long? declaredBytes, long maxBytes, QuotaReservation reservation, Action<long> received) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (read == 0)
            return 0;
        _position += read;
        if (_position > maxBytes)
            throw new EddException(ErrorCodes.PayloadTooLarge, $"A file may be at most {maxBytes} bytes (Storage:MaxFileBytes); nothing was stored.");
        // A declared length was reserved up front; past what is reserved, an unknown length asks for a step ahead
        // (as much of it as the quota leaves), so a small file fits a small quota and a big one costs few calls.
        var needed = declaredBytes is { } declared && _position <= declared ? declared : _position;
        await reservation.EnsureAsync(needed, Math.Min(maxBytes, _position + QuotaReservation.Step), cancellationToken);
        received(_position);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
