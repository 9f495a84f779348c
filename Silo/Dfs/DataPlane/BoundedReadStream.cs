namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>
/// A request body that fails as soon as more than <c>maxLength</c> bytes arrive, and remembers
/// that it did, so the endpoint answers 413 whatever the store wraps the failure in.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long maxLength) : Stream
{
    private long _read;

    public bool Exceeded { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            Exceeded = true;
            throw new IOException($"The body is longer than the {maxLength} bytes the token allows.", e);
        }
        _read += read;
        if (_read > maxLength)
        {
            Exceeded = true;
            throw new IOException($"The body is longer than the {maxLength} bytes the token allows.");
        }
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
