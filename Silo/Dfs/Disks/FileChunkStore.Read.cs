using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace EddCloud.Silo.Dfs.Disks;

public sealed partial class FileChunkStore
{
    public async Task<Stream?> OpenReadAsync(Guid chunkId, long version, long offset, long length, CancellationToken cancellationToken)
    {
        CheckVersion(version);
        if (offset < 0 || length < 0)
        {
            throw new ChunkStoreException($"Chunk {chunkId:N} version {version}: offset {offset} and length {length} must not be negative.");
        }

        if (await OpenCommittedAsync(chunkId, version, cancellationToken) is not { } replica)
        {
            return null;
        }

        if (offset > replica.Footer.DataLength - length)
        {
            replica.File.Dispose();
            throw new ChunkStoreException(
                $"Chunk {chunkId:N} version {version} holds {replica.Footer.DataLength} bytes; the range of {length} bytes from offset {offset} "
                + $"ends past it. Ask for a range that ends at or before {replica.Footer.DataLength}.");
        }

        var diskId = replica.Disk.Id;
        return new VerifiedChunkReadStream(replica.File, replica.Footer, chunkId, offset, length,
            block => DfsStorageLog.CorruptBlock(logger, chunkId, version, diskId, block));
    }

    public Task<ChunkCheck> VerifyAsync(Guid chunkId, long version, CancellationToken cancellationToken) =>
        VerifyOnAsync(chunkId, version, onlyDisk: null, cancellationToken);

    public Task<ChunkCheck> VerifyAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken) =>
        VerifyOnAsync(chunkId, version, FindDisk(diskId).Id, cancellationToken);

    private async Task<ChunkCheck> VerifyOnAsync(Guid chunkId, long version, string? onlyDisk, CancellationToken cancellationToken)
    {
        CheckVersion(version);
        if (await OpenCommittedAsync(chunkId, version, cancellationToken, onlyDisk) is not { } replica)
        {
            return new ChunkCheck(chunkId, version, Present: false, Length: 0, Crc32C: 0, BadBlocks: []);
        }

        using var file = replica.File;
        var footer = replica.Footer;
        var whole = new Crc32(Crc32ParameterSet.Crc32C);
        List<int> bad = [];
        var buffer = ArrayPool<byte>.Shared.Rent(footer.BlockSize);
        try
        {
            for (var index = 0; index < footer.BlockCrcs.Count; index++)
            {
                var offset = (long)index * footer.BlockSize;
                var blockLength = (int)Math.Min(footer.BlockSize, footer.DataLength - offset);
                var read = await ChunkFooter.ReadFullyAsync(file, buffer.AsMemory(0, blockLength), offset, cancellationToken);
                var bytes = buffer.AsSpan(0, read);
                whole.Append(bytes);
                if (read != blockLength || Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, bytes) != footer.BlockCrcs[index])
                {
                    DfsStorageLog.CorruptBlock(logger, chunkId, version, replica.Disk.Id, index);
                    bad.Add(index);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ChunkCheck(chunkId, version, Present: true, footer.DataLength, whole.GetCurrentHashAsUInt32(), bad);
    }

    /// <summary>
    /// The first disk's committed replica of (chunk, version) whose footer checks out, opened for reading; files
    /// without a valid footer are skipped as not present (they are torn writes or damage).
    /// </summary>
    private async Task<(ChunkDiskDirectory Disk, SafeFileHandle File, ChunkFooter Footer)?> OpenCommittedAsync(
        Guid chunkId, long version, CancellationToken cancellationToken, string? onlyDisk = null)
    {
        foreach (var disk in disks)
        {
            if (onlyDisk is not null && disk.Id != onlyDisk)
            {
                continue;
            }

            var path = disk.CommittedPath(chunkId, version);
            SafeFileHandle file;
            try
            {
                // FileShare.Delete: GC may delete a replica while it is read; on Unix the open handle keeps reading it.
                file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                continue;
            }

            try
            {
                if (await ChunkFooter.ReadAsync(file, cancellationToken) is { } footer && footer.Version == version)
                {
                    return (disk, file, footer);
                }
            }
            catch
            {
                file.Dispose();
                throw;
            }

            file.Dispose();
            DfsStorageLog.TornReplica(logger, path);
        }

        return null;
    }
}
