using System.Runtime.CompilerServices;

namespace EddCloud.Silo.Dfs.Disks;

public sealed partial class FileChunkStore
{
    /// <summary>
    /// Committed replicas have a well-formed footer under <c>chunks/</c> (tail check only; <see cref="VerifyAsync"/>
    /// checks the rest) and report their data length. Everything else with a replica's name, staged files,
    /// leftovers of crashed stages and torn files, is reported as not committed with its size on disk, for
    /// <see cref="AbortAsync"/> to clean up. Unknown entries are logged and left alone.
    /// </summary>
    public async IAsyncEnumerable<StoredReplica> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var disk in disks)
        {
            // Directory enumeration is synchronous; yield so a caller never runs a whole disk's scan inline.
            await Task.Yield();
            foreach (var replica in ListStaging(disk))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return replica;
            }

            foreach (var replica in ListCommitted(disk))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return replica;
            }
        }
    }

    private IEnumerable<StoredReplica> ListStaging(ChunkDiskDirectory disk)
    {
        foreach (var entry in new DirectoryInfo(disk.Staging).EnumerateFileSystemInfos())
        {
            if (entry is not FileInfo file || !ChunkFileName.TryParse(file.Name, out var chunkId, out var version, out _))
            {
                DfsStorageLog.UnknownEntry(logger, entry.FullName);
                continue;
            }

            yield return new StoredReplica(chunkId, version, disk.Id, Committed: false, file.Length, file.LastWriteTimeUtc);
        }
    }

    private IEnumerable<StoredReplica> ListCommitted(ChunkDiskDirectory disk)
    {
        foreach (var shard in new DirectoryInfo(disk.Chunks).EnumerateFileSystemInfos())
        {
            if (shard is not DirectoryInfo directory || shard.Name.Length != 2 || shard.Name.AsSpan().IndexOfAnyExcept("0123456789abcdef") >= 0)
            {
                DfsStorageLog.UnknownEntry(logger, shard.FullName);
                continue;
            }

            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                if (entry is not FileInfo file || !ChunkFileName.TryParse(file.Name, out var chunkId, out var version, out var temporary)
                    || temporary || ChunkFileName.Shard(chunkId) != shard.Name)
                {
                    DfsStorageLog.UnknownEntry(logger, entry.FullName);
                    continue;
                }

                var dataLength = ReadTail(file.FullName, version, out var gone);
                if (dataLength is not null)
                {
                    yield return new StoredReplica(chunkId, version, disk.Id, Committed: true, dataLength.Value, file.LastWriteTimeUtc);
                }
                else if (!gone)
                {
                    DfsStorageLog.TornReplica(logger, file.FullName);
                    yield return new StoredReplica(chunkId, version, disk.Id, Committed: false, file.Length, file.LastWriteTimeUtc);
                }
            }
        }
    }

}
