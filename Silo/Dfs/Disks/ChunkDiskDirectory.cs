using Microsoft.Extensions.Logging;

namespace EddCloud.Silo.Dfs.Disks;

/// <summary>
/// One chunk directory (one disk): <c>disk-id</c>, <c>staging/</c> and <c>chunks/&lt;2 hex&gt;/</c>. The id lives in
/// the directory, not in configuration, so moving the mount point keeps the disk's identity and its replicas.
/// </summary>
internal sealed class ChunkDiskDirectory
{
    public const string IdFileName = "disk-id";

    private ChunkDiskDirectory(string id, string root)
    {
        Id = id;
        Root = root;
        Staging = Path.Combine(root, "staging");
        Chunks = Path.Combine(root, "chunks");
    }

    public string Id { get; }

    public string Root { get; }

    public string Staging { get; }

    public string Chunks { get; }

    /// <summary>Opens (creating on first use) a chunk directory and its disk id, with every new entry fsynced.</summary>
    public static ChunkDiskDirectory Open(string path, ILogger logger)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root);
            SyncParent(root);
        }

        var disk = new ChunkDiskDirectory(ReadOrCreateId(root, logger), root);
        var created = false;
        foreach (var directory in new[] { disk.Staging, disk.Chunks })
        {
            created |= !Directory.Exists(directory);
            Directory.CreateDirectory(directory);
        }

        if (created)
        {
            DirectorySync.Flush(root);
        }

        var space = disk.Describe();
        DfsStorageLog.DiskOpened(logger, disk.Id, root, space.FreeBytes, space.CapacityBytes);
        return disk;
    }

    public ChunkDisk Describe()
    {
        // On Unix DriveInfo takes any path and reports the file system holding it (statvfs).
        var drive = new DriveInfo(Root);
        return new ChunkDisk(Id, Root, drive.TotalSize, drive.AvailableFreeSpace);
    }

    public string StagedPath(Guid chunkId, long version) => Path.Combine(Staging, ChunkFileName.Of(chunkId, version));

    public string NewTempPath(Guid chunkId, long version) => Path.Combine(Staging, ChunkFileName.NewTemp(chunkId, version));

    public string ShardPath(Guid chunkId) => Path.Combine(Chunks, ChunkFileName.Shard(chunkId));

    public string CommittedPath(Guid chunkId, long version) => Path.Combine(ShardPath(chunkId), ChunkFileName.Of(chunkId, version));

    private static string ReadOrCreateId(string root, ILogger logger)
    {
        var idPath = Path.Combine(root, IdFileName);
        if (File.Exists(idPath))
        {
            return ReadId(idPath);
        }

        var id = Guid.NewGuid().ToString("N");
        var temp = $"{idPath}.{Guid.NewGuid():N}.tmp";
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(id + "\n"));
            file.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temp, idPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(idPath))
        {
            // Another process opened the same directory at the same moment: its id won.
            File.Delete(temp);
            return ReadId(idPath);
        }

        DirectorySync.Flush(root);
        DfsStorageLog.DiskIdCreated(logger, id, root);
        return id;
    }

    private static string ReadId(string idPath)
    {
        var text = File.ReadAllText(idPath).Trim();
        if (text.Length != 32 || text.AsSpan().IndexOfAnyExcept("0123456789abcdef") >= 0)
        {
            throw new ChunkStoreException(
                $"The disk id file {idPath} holds '{(text.Length > 40 ? text[..40] : text)}', not a disk id (32 lower-case hex digits). "
                + "Restore the file from a backup of this disk; only if the directory holds no replicas, delete the file to get a new id.");
        }

        return text;
    }

    private static void SyncParent(string directory)
    {
        var parent = Path.GetDirectoryName(directory);
        if (parent is not null)
        {
            DirectorySync.Flush(parent);
        }
    }
}
