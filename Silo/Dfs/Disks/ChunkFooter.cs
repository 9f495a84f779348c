using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace EddCloud.Silo.Dfs.Disks;

/// <summary>
/// The footer after a replica's data (docs/dfs.md, "Chunks on disk"): one CRC32C (LE uint32) per block, the data
/// length (int64), the block size (int32), the version (int64), a CRC32C of everything before it in the footer
/// (uint32), and the magic <c>EDDCHNK1</c>. All little-endian. A file whose footer does not check out is not a replica.
/// </summary>
internal sealed class ChunkFooter
{
    /// <summary>Length, block size, version, footer CRC and magic: the fixed-size end of every replica file.</summary>
    public const int TailSize = 8 + 4 + 8 + 4 + 8;

    // Readers accept any block size in this range, so a later change of the writers' size keeps old replicas readable.
    private const int MinBlockSize = 512;
    private const int MaxBlockSize = 16 * 1024 * 1024;

    private ChunkFooter(long dataLength, int blockSize, long version, uint[] blockCrcs)
    {
        DataLength = dataLength;
        BlockSize = blockSize;
        Version = version;
        BlockCrcs = blockCrcs;
    }

    public static ReadOnlySpan<byte> Magic => "EDDCHNK1"u8;

    public long DataLength { get; }

    public int BlockSize { get; }

    public long Version { get; }

    public IReadOnlyList<uint> BlockCrcs { get; }

    public static int BlockCount(long dataLength, int blockSize) => checked((int)((dataLength + blockSize - 1) / blockSize));

    public static int SizeOf(int blockCount) => checked((blockCount * sizeof(uint)) + TailSize);

    /// <summary>Writes the footer for <paramref name="blockCrcs"/> into <paramref name="destination"/> (exactly <see cref="SizeOf"/> bytes).</summary>
    public static void Write(Span<byte> destination, ReadOnlySpan<uint> blockCrcs, long dataLength, int blockSize, long version)
    {
        var table = blockCrcs.Length * sizeof(uint);
        for (var i = 0; i < blockCrcs.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(i * sizeof(uint))..], blockCrcs[i]);

        var tail = destination[table..];
        BinaryPrimitives.WriteInt64LittleEndian(tail, dataLength);
        BinaryPrimitives.WriteInt32LittleEndian(tail[8..], blockSize);
        BinaryPrimitives.WriteInt64LittleEndian(tail[12..], version);
        BinaryPrimitives.WriteUInt32LittleEndian(tail[20..], Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, destination[..(table + 20)]));
        Magic.CopyTo(tail[24..]);
    }

    /// <summary>
    /// Checks the fixed-size tail only (magic, sizes consistent with the file length): cheap enough to run on every
    /// file when listing. It does not check the footer CRC; <see cref="ReadAsync"/> does.
    /// </summary>
    public static bool TryReadTail(ReadOnlySpan<byte> tail, long fileLength, out long dataLength, out int blockSize, out long version)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(tail.Length, TailSize);
        dataLength = BinaryPrimitives.ReadInt64LittleEndian(tail);
        blockSize = BinaryPrimitives.ReadInt32LittleEndian(tail[8..]);
        version = BinaryPrimitives.ReadInt64LittleEndian(tail[12..]);
        if (!tail[24..].SequenceEqual(Magic)
            || blockSize is < MinBlockSize or > MaxBlockSize || dataLength < 0 || dataLength > fileLength)
        {
            return false;
        }

        var blocks = (dataLength + blockSize - 1) / blockSize;
        return dataLength + (blocks * sizeof(uint)) + TailSize == fileLength;
    }

    /// <summary>Reads the tail of an open replica file and checks it (see the other overload); false when it is missing or damaged.</summary>
    public static bool TryReadTail(SafeFileHandle file, out long dataLength, out long version)
    {
        dataLength = 0;
        version = 0;
        var fileLength = RandomAccess.GetLength(file);
        if (fileLength < TailSize)
        {
            return false;
        }

        Span<byte> tail = stackalloc byte[TailSize];
        return RandomAccess.Read(file, tail, fileLength - TailSize) == TailSize
            && TryReadTail(tail, fileLength, out dataLength, out _, out version);
    }

    /// <summary>Reads and checks the whole footer of an open replica file; null when it is missing, torn or damaged.</summary>
    public static async ValueTask<ChunkFooter?> ReadAsync(SafeFileHandle file, CancellationToken cancellationToken)
    {
        var fileLength = RandomAccess.GetLength(file);
        if (fileLength < TailSize)
        {
            return null;
        }

        var tail = new byte[TailSize];
        if (await ReadFullyAsync(file, tail, fileLength - TailSize, cancellationToken) != TailSize
            || !TryReadTail(tail, fileLength, out var dataLength, out var blockSize, out var version))
        {
            return null;
        }

        var blocks = BlockCount(dataLength, blockSize);
        var size = SizeOf(blocks);
        var footer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            if (await ReadFullyAsync(file, footer.AsMemory(0, size), dataLength, cancellationToken) != size)
            {
                return null;
            }

            var table = blocks * sizeof(uint);
            var expected = BinaryPrimitives.ReadUInt32LittleEndian(footer.AsSpan(table + 20));
            if (Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, footer.AsSpan(0, table + 20)) != expected)
            {
                return null;
            }

            var crcs = new uint[blocks];
            for (var i = 0; i < blocks; i++)
                crcs[i] = BinaryPrimitives.ReadUInt32LittleEndian(footer.AsSpan(i * sizeof(uint)));
            return new ChunkFooter(dataLength, blockSize, version, crcs);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(footer);
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the file ends; returns the bytes read.</summary>
    public static async ValueTask<int> ReadFullyAsync(SafeFileHandle file, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await RandomAccess.ReadAsync(file, buffer[total..], offset + total, cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
