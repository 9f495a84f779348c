namespace EddCloud.Grains.Dfs;

/// <summary>One file of the file system, keyed by its normalized path (see <see cref="DfsPath"/>).</summary>
[Alias("edd.dfs.IDfsFileGrain")]
public interface IDfsFileGrain : IGrainWithStringKey
{
    /// <summary>The file with its current version, or null when there is none.</summary>
    [Alias("get")] Task<DfsFileInfo?> GetAsync();

    /// <summary>
    /// Makes a fully written version current in one durable step: readers see the old version or this
    /// one, never a mix. Every chunk must already be committed. Returns the file as it now is and the replaced size.
    /// With <paramref name="onlyIfAbsent"/>, refuses (precondition_failed) when the file exists: no-overwrite uploads are atomic.
    /// </summary>
    [Alias("commit-version")] Task<DfsCommitResult> CommitVersionAsync(
        Guid uploadId, long size, string sha256, System.Collections.Immutable.ImmutableArray<FileChunk> chunks, DfsFileAttributes? attributes,
        bool onlyIfAbsent = false);

    /// <summary>Deletes the file; returns the version it deleted, null when there was none.</summary>
    [Alias("delete")] Task<DfsFileVersion?> DeleteAsync();

    /// <summary>
    /// Keeps an upload's chunks from being collected while it runs: the writer calls this when it starts and every
    /// quarter of <see cref="DfsOptions.UploadLease"/>; the lease lapses after <see cref="DfsOptions.UploadLease"/>.
    /// </summary>
    [Alias("keep-upload")] Task KeepUploadAliveAsync(Guid uploadId);

    /// <summary>Ends an upload that failed: its committed chunks become garbage after the grace period.</summary>
    [Alias("end-upload")] Task EndUploadAsync(Guid uploadId);

    /// <summary>Whether the current version uses the chunk, or an upload still holds it (the chunk's GC check).</summary>
    [Alias("chunk-liveness"), Orleans.Concurrency.AlwaysInterleave] Task<ChunkLiveness> GetChunkLivenessAsync(Guid chunkId, Guid uploadId);

    /// <summary>Deletes the chunks of replaced and deleted versions whose grace period is over (also run by a reminder).</summary>
    [Alias("collect-released")] Task<int> CollectReleasedAsync();
}

public enum ChunkLiveness
{
    /// <summary>The file's current version points at the chunk.</summary>
    Referenced,
    /// <summary>Its upload is still running (or may be: the file grain just started and leases are renewed soon).</summary>
    Uploading,
    /// <summary>The file let go of it; the file deletes it after the grace period.</summary>
    Released,
    /// <summary>Nothing holds it: an upload that failed or whose writer died.</summary>
    Unreferenced,
}
