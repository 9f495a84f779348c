using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs.Disks;

/// <summary>
/// <see cref="IChunkStore"/> on local directories, one per disk, in the format of docs/dfs.md ("Chunks on disk").
/// Staging, commit, abort and delete are in this file; reads and verification in <c>FileChunkStore.Read.cs</c>;
/// listing in <c>FileChunkStore.List.cs</c>.
/// </summary>
public sealed partial class FileChunkStore : IChunkStore
{
    private readonly ChunkDiskDirectory[] disks;
    private readonly long reserveBytes;
    private readonly ILogger<FileChunkStore> logger;

    // Temporary files of stages running in this process; the rest are leftovers of a crash, which abort removes.
    private readonly ConcurrentDictionary<string, byte> stagesInFlight = new(StringComparer.Ordinal);

    // Shard directories this process has created or fsynced the parent of: commits into them need no fsync of chunks/.
    private readonly ConcurrentDictionary<string, byte> durableShards = new(StringComparer.Ordinal);

    // Commits of one chunk run one at a time: the writer's phase two and a maintenance pass adopting the same staged
    // copy may commit it at once, and the second rename would find the staged file gone and fail a good replica.
    private readonly SemaphoreSlim[] commitLocks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public FileChunkStore(IOptions<DfsStorageOptions> options, ILogger<FileChunkStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.logger = logger;
        reserveBytes = options.Value.ReserveBytes;
        var directories = options.Value.ChunkDirectories;
        if (directories.Count == 0)
        {
            throw new ChunkStoreException("Dfs:ChunkDirectories (EDD_DFS__CHUNK_DIRECTORIES__0) is empty. Set at least one chunk directory.");
        }

        disks = new ChunkDiskDirectory[directories.Count];
        for (var i = 0; i < directories.Count; i++)
        {
            disks[i] = OpenDisk(i, directories[i]);
            var twin = Array.FindIndex(disks, 0, i, disk => disk.Id == disks[i].Id);
            if (twin >= 0)
            {
                throw new ChunkStoreException(
                    $"Chunk directories {disks[twin].Root} and {disks[i].Root} have the same disk id {disks[i].Id}: one is a copy of the other, "
                    + "or both paths reach one directory. Replicas on them would share a failure domain. Use distinct disks; "
                    + $"for a copied directory that holds no replicas, delete its {ChunkDiskDirectory.IdFileName} file to get a new id.");
            }
        }
    }

    public IReadOnlyList<ChunkDisk> Disks => [.. disks.Select(disk => disk.Describe())];

    public async Task CommitAsync(Guid chunkId, long version, CancellationToken cancellationToken)
    {
        CheckVersion(version);
        var gate = commitLocks[(chunkId.GetHashCode() & int.MaxValue) % commitLocks.Length];
        await gate.WaitAsync(cancellationToken);
        try
        {
            await CommitAloneAsync(chunkId, version, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Renames the staged copy into <c>chunks/</c> on every disk that has one and fsyncs both directories. Committing
    /// a copy that is already committed succeeds, so a commit may be retried.
    /// </summary>
    private async Task CommitAloneAsync(Guid chunkId, long version, CancellationToken cancellationToken)
    {
        var committed = false;
        foreach (var disk in disks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var staged = disk.StagedPath(chunkId, version);
            var target = disk.CommittedPath(chunkId, version);
            if (!File.Exists(staged))
            {
                committed |= File.Exists(target);
                continue;
            }

            try
            {
                if (ReadTail(staged, version, out _) is null)
                {
                    DfsStorageLog.TornReplica(logger, staged);
                    throw new ChunkStoreException(
                        $"The staged replica of chunk {chunkId:N} version {version} on disk {disk.Id} is damaged (no valid footer); stage it again.");
                }

                var shard = disk.ShardPath(chunkId);
                if (!durableShards.ContainsKey(shard))
                {
                    // Also when another commit just created it: a replica is durable only once its shard's entry is.
                    Directory.CreateDirectory(shard);
                    await DirectorySync.FlushAsync(disk.Chunks);
                    durableShards.TryAdd(shard, 0);
                }

                File.Move(staged, target, overwrite: true);
                // The rename changed both directories; their fsyncs run side by side and are shared with concurrent commits.
                await Task.WhenAll(DirectorySync.FlushAsync(shard), DirectorySync.FlushAsync(disk.Staging));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new ChunkStoreException($"Committing chunk {chunkId:N} version {version} on disk {disk.Id} failed: {exception.Message}", exception);
            }

            DfsStorageLog.Committed(logger, chunkId, version, disk.Id);
            committed = true;
        }

        if (!committed)
            throw new ChunkStoreException($"Chunk {chunkId:N} version {version} has no staged replica on this node to commit: stage it first (or it was aborted).");
    }

    /// <summary>
    /// Also removes what a crashed stage left behind for this (chunk, version): its temporary files and a torn
    /// file under <c>chunks/</c>. <see cref="ListAsync"/> reports those as not committed, so GC cleans them with this call.
    /// A stage still running is left alone: it cleans up after itself if it fails, and its result is a staged file
    /// that is never committed when the write was aborted.
    /// </summary>
    public Task AbortAsync(Guid chunkId, long version, CancellationToken cancellationToken)
    {
        CheckVersion(version);
        foreach (var disk in disks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var removed = DeleteFile(disk.StagedPath(chunkId, version));
            removed |= DeleteCrashedStages(disk, chunkId, version);

            var committed = disk.CommittedPath(chunkId, version);
            if (ReadTail(committed, version, out var gone) is null && !gone)
            {
                removed |= DeleteFile(committed);
            }

            if (removed)
            {
                DfsStorageLog.Aborted(logger, chunkId, version, disk.Id);
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(Guid chunkId, long version, CancellationToken cancellationToken)
    {
        CheckVersion(version);
        foreach (var disk in disks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // No directory fsync: a delete lost in a crash only brings back a replica that GC deletes again.
            if (DeleteFile(disk.CommittedPath(chunkId, version)))
            {
                DfsStorageLog.Deleted(logger, chunkId, version, disk.Id);
            }
        }

        return Task.CompletedTask;
    }

    private ChunkDiskDirectory OpenDisk(int index, string path)
    {
        try
        {
            return ChunkDiskDirectory.Open(path, logger);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ChunkStoreException(
                $"Dfs:ChunkDirectories:{index} (EDD_DFS__CHUNK_DIRECTORIES__{index}) '{path}' cannot be used as a chunk directory: {exception.Message} "
                + "Check that the disk is mounted and that the silo's user may create and write files there, or remove the entry.", exception);
        }
    }

    private ChunkDiskDirectory FindDisk(string diskId) =>
        Array.Find(disks, disk => disk.Id == diskId)
        ?? throw new ChunkStoreException($"Disk '{diskId}' is not a chunk disk of this node; its disks are {string.Join(", ", disks.Select(disk => disk.Id))}.");

    private static void CheckVersion(long version)
    {
        if (version < 0)
        {
            throw new ChunkStoreException($"Chunk version {version} is negative; versions start at 0.");
        }
    }

    /// <summary>
    /// The data length from the well-formed footer tail of this version (the cheap check: no footer CRC); null when
    /// the file is torn, damaged or <paramref name="gone"/>.
    /// </summary>
    private static long? ReadTail(string path, long version, out bool gone)
    {
        gone = false;
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            return ChunkFooter.TryReadTail(file, out var dataLength, out var footerVersion) && footerVersion == version ? dataLength : null;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            gone = true;
            return null;
        }
    }

    /// <summary>Deletes a file if present; true when it was there.</summary>
    private static bool DeleteFile(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }
}
