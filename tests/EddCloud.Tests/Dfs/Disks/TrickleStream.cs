namespace EddCloud.Tests.Dfs.Disks;

/// <summary>
/// Hands out its bytes a few KiB per read and yields between reads, like a network body, so concurrent stages
/// really interleave; optionally fails after some bytes or reports progress.
/// </summary>
internal sealed class TrickleStream(byte[] data, int failAfter = int.MaxValue, Action<int>? onRead = null) : Stream
{
    private int position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position >= failAfter)
        {
            throw new InputFailedException();
        }

        var count = Math.Min(Math.Min(buffer.Length, 7000), data.Length - position);
        data.AsSpan(position, count).CopyTo(buffer);
        position += count;
        onRead?.Invoke(position);
        return count;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public sealed class InputFailedException() : IOException("The test input failed on purpose.");
}
