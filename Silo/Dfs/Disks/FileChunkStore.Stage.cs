using System.Buffers;
using System.IO.Hashing;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EddCloud.Silo.Dfs.Disks;

public sealed partial class FileChunkStore
{
    // Input is read in buffers of this size (a multiple of the block size); a stage never holds more of the chunk.
    private const int StageBufferSize = 256 * 1024;

    public async Task<StagedChunk> StageAsync(Guid chunkId, long version, string diskId, Stream data, long maxLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        CheckVersion(version);
        var disk = FindDisk(diskId);

        var free = disk.Describe().FreeBytes;
        if (free - maxLength < reserveBytes)
        {
            DfsStorageLog.StageNoSpace(logger, chunkId, version, disk.Id, free, maxLength, reserveBytes);
            throw new ChunkStoreException(
                $"Disk {disk.Id} ({disk.Root}) has {free} bytes free; staging up to {maxLength} bytes there would leave less than "
                + $"Dfs:ReserveBytes ({reserveBytes}). Place the chunk on another disk, or free space on this one.");
        }

        // A unique temporary name per attempt, renamed over the staged name only once complete and fsynced:
        // two stages of the same replica never interleave bytes, and a crash never leaves a half-written staged file.
        var temp = disk.NewTempPath(chunkId, version);
        stagesInFlight.TryAdd(temp, 0);
        try
        {
            long? length;
            uint crc;
            using (var file = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.Delete, FileOptions.Asynchronous))
            {
                (length, crc) = await WriteReplicaAsync(file, data, version, maxLength, cancellationToken);
                if (length is null)
                {
                    // The catch below deletes the temporary file.
                    DfsStorageLog.StageTooLong(logger, chunkId, version, disk.Id, maxLength);
                    throw new ChunkStoreException(
                        $"Chunk {chunkId:N} version {version}: more than {maxLength} bytes arrived, the most this chunk may hold. Nothing was staged.");
                }

                RandomAccess.FlushToDisk(file);
            }

            File.Move(temp, disk.StagedPath(chunkId, version), overwrite: true);
            await DirectorySync.FlushAsync(disk.Staging);
            DfsStorageLog.Staged(logger, chunkId, version, disk.Id, length.Value, crc);
            return new StagedChunk(chunkId, version, disk.Id, length.Value, crc);
        }
        catch (InputFailedException exception)
        {
            // The sender's failure (a dropped connection), not the disk's: passed on as it came.
            DeleteQuietly(temp);
            ExceptionDispatchInfo.Throw(exception.InnerException!);
            throw;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temp);
            throw new ChunkStoreException($"Staging chunk {chunkId:N} version {version} on disk {disk.Id} failed: {exception.Message}", exception);
        }
        catch
        {
            DeleteQuietly(temp);
            throw;
        }
        finally
        {
            stagesInFlight.TryRemove(temp, out _);
        }
    }

    /// <summary>
    /// Streams the data and then the footer into <paramref name="file"/>; returns the data length and its CRC32C,
    /// or a null length when more than <paramref name="maxLength"/> bytes arrive.
    /// </summary>
    private static async Task<(long? Length, uint Crc)> WriteReplicaAsync(
        SafeFileHandle file, Stream data, long version, long maxLength, CancellationToken cancellationToken)
    {
        const int blockSize = DfsStorageOptions.BlockSize;
        var blockCrcs = new List<uint>((int)Math.Min(1024, (maxLength / blockSize) + 1));
        var whole = new Crc32(Crc32ParameterSet.Crc32C);
        var block = new Crc32(Crc32ParameterSet.Crc32C);
        var inBlock = 0;
        long length = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(StageBufferSize);
        try
        {
            while (true)
            {
                // Ask for one byte more than may still come, so an over-long chunk is caught without reading further.
                var remaining = maxLength - length;
                var wanted = remaining >= StageBufferSize ? StageBufferSize : (int)remaining + 1;
                int read;
                try
                {
                    read = await data.ReadAtLeastAsync(buffer.AsMemory(0, wanted), wanted, throwOnEndOfStream: false, cancellationToken);
                }
                catch (IOException exception)
                {
                    throw new InputFailedException(exception);
                }

                if (read == 0)
                {
                    break;
                }

                if (length + read > maxLength)
                {
                    return (null, 0);
                }

                var chunk = buffer.AsMemory(0, read);
                whole.Append(chunk.Span);
                inBlock = AppendBlockCrcs(chunk.Span, block, inBlock, blockCrcs);
                await RandomAccess.WriteAsync(file, chunk, length, cancellationToken);
                length += read;
            }

            if (inBlock > 0)
            {
                blockCrcs.Add(block.GetCurrentHashAsUInt32());
            }

            var footerSize = ChunkFooter.SizeOf(blockCrcs.Count);
            var footer = footerSize <= buffer.Length ? buffer : new byte[footerSize];
            ChunkFooter.Write(footer.AsSpan(0, footerSize), CollectionsMarshal.AsSpan(blockCrcs), length, blockSize, version);
            await RandomAccess.WriteAsync(file, footer.AsMemory(0, footerSize), length, cancellationToken);
            return (length, whole.GetCurrentHashAsUInt32());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Feeds <paramref name="data"/> into the per-block CRCs; returns how many bytes of the open block are hashed.</summary>
    private static int AppendBlockCrcs(ReadOnlySpan<byte> data, Crc32 block, int inBlock, List<uint> blockCrcs)
    {
        const int blockSize = DfsStorageOptions.BlockSize;
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, blockSize - inBlock);
            if (inBlock == 0 && take == blockSize)
            {
                blockCrcs.Add(Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data[..take]));
            }
            else
            {
                block.Append(data[..take]);
                inBlock += take;
                if (inBlock == blockSize)
                {
                    blockCrcs.Add(block.GetCurrentHashAsUInt32());
                    block.Reset();
                    inBlock = 0;
                }
            }

            data = data[take..];
        }

        return inBlock;
    }

    /// <summary>Marks an I/O error of the input stream, so it is not reported as a failure of the disk.</summary>
    private sealed class InputFailedException(IOException inner) : Exception(inner.Message, inner);

    private void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            DfsStorageLog.CleanupFailed(logger, exception, path);
        }
    }
}
