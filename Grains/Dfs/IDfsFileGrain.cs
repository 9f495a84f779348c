namespace EddCloud.Grains.Dfs;

/// <summary>One file of the file system, keyed by its normalized path (see <see cref="DfsPath"/>).</summary>
[Alias("edd.dfs.IDfsFileGrain")]
public interface IDfsFileGrain : IGrainWithStringKey
{
    /// <summary>The file with its current version, or null when there is none.</summary>
    [Alias("get")] Task<DfsFileInfo?> GetAsync();

    /// <summary>
    /// Makes a fully written version current in one durable step: readers see the old version or this
    /// one, never a mix. Every chunk must already be committed. Returns the file as it now is.
    /// </summary>
    [Alias("commit-version")] Task<DfsFileInfo> CommitVersionAsync(long size, string sha256, System.Collections.Immutable.ImmutableArray<FileChunk> chunks);

    /// <summary>Deletes the file; false when there was none.</summary>
    [Alias("delete")] Task<bool> DeleteAsync();
}
