using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace EddCloud.Silo.Dfs.Disks;

/// <summary>
/// A range of one replica. Every block the range touches is read whole into one pooled block buffer and checked
/// against its CRC32C before any byte of it is handed out; a bad block throws <see cref="ChunkCorruptException"/>.
/// Whole blocks that fit the caller's buffer are read straight into it and checked there (one read and no copy
/// for many blocks); a read that throws hands out nothing. Owns the file handle.
/// </summary>
internal sealed class VerifiedChunkReadStream : Stream
{
    private readonly SafeFileHandle file;
    private readonly ChunkFooter footer;
    private readonly Guid chunkId;
    private readonly Action<int> onCorrupt;
    private readonly long start;
    private readonly long end;
    private long position;
    private byte[]? block;
    private int loadedBlock = -1;
    private int loadedLength;

    public VerifiedChunkReadStream(SafeFileHandle file, ChunkFooter footer, Guid chunkId, long offset, long length, Action<int> onCorrupt)
    {
        this.file = file;
        this.footer = footer;
        this.chunkId = chunkId;
        this.onCorrupt = onCorrupt;
        start = offset;
        end = offset + length;
        position = offset;
    }

    public override bool CanRead => !file.IsClosed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    /// <summary>Bytes handed out so far.</summary>
    public override long Position
    {
        get => position - start;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(file.IsClosed, this);
        if (buffer.IsEmpty || position >= end)
        {
            return 0;
        }

        var index = (int)(position / footer.BlockSize);
        if (index != loadedBlock)
        {
            var (buffered, blockLength) = PrepareLoad(index);
            var read = 0;
            while (read < blockLength)
            {
                var n = RandomAccess.Read(file, buffered.AsSpan(read, blockLength - read), ((long)index * footer.BlockSize) + read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            CompleteLoad(index, read, blockLength);
        }

        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(file.IsClosed, this);
        if (buffer.IsEmpty || position >= end)
        {
            return 0;
        }

        var index = (int)(position / footer.BlockSize);
        if (index != loadedBlock)
        {
            var wholeBlocks = WholeBlockBytes(buffer.Length);
            if (wholeBlocks > 0)
            {
                return await ReadWholeBlocksAsync(buffer[..wholeBlocks], index, cancellationToken);
            }

            var (buffered, blockLength) = PrepareLoad(index);
            var read = await ChunkFooter.ReadFullyAsync(file, buffered.AsMemory(0, blockLength), (long)index * footer.BlockSize, cancellationToken);
            CompleteLoad(index, read, blockLength);
        }

        return CopyOut(buffer.Span);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
            if (block is not null)
            {
                ArrayPool<byte>.Shared.Return(block);
                block = null;
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// How many bytes from the position, at most <paramref name="room"/>, are whole blocks inside the range; 0 when
    /// the position is inside a block or not even one block fits. The replica's short last block counts when the range ends with it.
    /// </summary>
    private int WholeBlockBytes(int room)
    {
        if (position % footer.BlockSize != 0)
        {
            return 0;
        }

        var limit = Math.Min(end, position + ((long)(room / footer.BlockSize) * footer.BlockSize));
        var boundary = limit == footer.DataLength ? limit : limit / footer.BlockSize * footer.BlockSize;
        return (int)Math.Max(0, boundary - position);
    }

    private async ValueTask<int> ReadWholeBlocksAsync(Memory<byte> destination, int firstBlock, CancellationToken cancellationToken)
    {
        var read = await ChunkFooter.ReadFullyAsync(file, destination, position, cancellationToken);
        for (var offset = 0; offset < destination.Length; offset += footer.BlockSize)
        {
            var index = firstBlock + (offset / footer.BlockSize);
            var blockLength = Math.Min(footer.BlockSize, destination.Length - offset);
            // A short read means the file shrank under us: as bad as a wrong CRC.
            if (read < offset + blockLength
                || Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, destination.Span.Slice(offset, blockLength)) != footer.BlockCrcs[index])
            {
                if (offset > 0)
                {
                    // The good blocks before it are handed out; the next read starts at the bad one and throws.
                    position += offset;
                    return offset;
                }

                onCorrupt(index);
                throw new ChunkCorruptException(chunkId, footer.Version, index);
            }
        }

        position += destination.Length;
        return destination.Length;
    }

    private (byte[] Buffer, int Length) PrepareLoad(int index)
    {
        loadedBlock = -1;
        block ??= ArrayPool<byte>.Shared.Rent(footer.BlockSize);
        var length = (int)Math.Min(footer.BlockSize, footer.DataLength - ((long)index * footer.BlockSize));
        return (block, length);
    }

    private void CompleteLoad(int index, int read, int blockLength)
    {
        // A short read means the file shrank under us: as bad as a wrong CRC.
        if (read != blockLength || Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, block.AsSpan(0, blockLength)) != footer.BlockCrcs[index])
        {
            onCorrupt(index);
            throw new ChunkCorruptException(chunkId, footer.Version, index);
        }

        loadedBlock = index;
        loadedLength = blockLength;
    }

    private int CopyOut(Span<byte> destination)
    {
        var blockStart = (long)loadedBlock * footer.BlockSize;
        var within = (int)(position - blockStart);
        var count = (int)Math.Min(Math.Min(destination.Length, loadedLength - within), end - position);
        block.AsSpan(within, count).CopyTo(destination);
        position += count;
        return count;
    }
}
