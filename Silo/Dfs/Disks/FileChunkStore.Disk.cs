namespace EddCloud.Silo.Dfs.Disks;

public sealed partial class FileChunkStore
{
    /// <summary>
    /// Removes every file of (chunk, version) on one disk: the committed replica, the staged one and leftovers of
    /// crashed stages (not a stage still running). Replicas of the chunk on the node's other disks stay.
    /// </summary>
    public Task RemoveFromDiskAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken)
    {
        CheckVersion(version);
        cancellationToken.ThrowIfCancellationRequested();
        var disk = FindDisk(diskId);
        var removed = DeleteFile(disk.CommittedPath(chunkId, version));
        removed |= DeleteFile(disk.StagedPath(chunkId, version));
        removed |= DeleteCrashedStages(disk, chunkId, version);

        if (removed)
        {
            DfsStorageLog.Deleted(logger, chunkId, version, disk.Id);
        }

        return Task.CompletedTask;
    }

    /// <summary>Deletes the temporary files crashed stages of (chunk, version) left on a disk; a stage still running keeps its file.</summary>
    private bool DeleteCrashedStages(ChunkDiskDirectory disk, Guid chunkId, long version)
    {
        var removed = false;
        foreach (var temp in Directory.EnumerateFiles(disk.Staging, ChunkFileName.Of(chunkId, version) + ".*"))
        {
            if (ChunkFileName.TryParse(Path.GetFileName(temp), out var id, out var tempVersion, out var temporary)
                && temporary && id == chunkId && tempVersion == version && !stagesInFlight.ContainsKey(temp))
            {
                removed |= DeleteFile(temp);
            }
        }

        return removed;
    }
}
