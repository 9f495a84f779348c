namespace EddCloud.Silo.Dfs.Disks;

/// <summary>
/// This node's chunk replicas on its disks. Chunks are write-once: a replica is staged
/// (bytes written, fsynced, length and CRC32C computed), then committed (atomically made
/// visible) or aborted (deleted). Every 64 KiB block carries a CRC32C that every read checks.
/// Chunk ids are <see cref="Guid"/>s, never strings, so no request can name a path.
/// </summary>
public interface IChunkStore
{
    /// <summary>The chunk directories (disks) of this node, with capacity.</summary>
    IReadOnlyList<ChunkDisk> Disks { get; }

    /// <summary>
    /// Streams <paramref name="data"/> into a staged replica of (chunk, version) on the given disk
    /// and fsyncs it. Fails with <see cref="ChunkStoreException"/> when more than
    /// <paramref name="maxLength"/> bytes arrive. Staging the same (chunk, version) again replaces
    /// the earlier staged bytes.
    /// </summary>
    Task<StagedChunk> StageAsync(Guid chunkId, long version, string diskId, Stream data, long maxLength, CancellationToken cancellationToken);

    /// <summary>Makes a staged replica the committed one (atomic rename, directory fsynced). Idempotent.</summary>
    Task CommitAsync(Guid chunkId, long version, CancellationToken cancellationToken);

    /// <summary>Deletes a staged replica of (chunk, version) if present. Idempotent.</summary>
    Task AbortAsync(Guid chunkId, long version, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a committed replica for reading <paramref name="length"/> bytes from <paramref name="offset"/>.
    /// The returned stream verifies every block it touches and throws <see cref="ChunkCorruptException"/>
    /// before handing out a byte of a bad block. Null when this node has no committed replica of that version.
    /// </summary>
    Task<Stream?> OpenReadAsync(Guid chunkId, long version, long offset, long length, CancellationToken cancellationToken);

    /// <summary>Reads a whole committed replica and checks every block (the scrubber and fsck).</summary>
    Task<ChunkCheck> VerifyAsync(Guid chunkId, long version, CancellationToken cancellationToken);

    /// <summary>Reads one disk's committed replica and checks every block (two replicas of a chunk may share a node).</summary>
    Task<ChunkCheck> VerifyAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken);

    /// <summary>Removes one disk's files of (chunk, version), committed or staged, leaving the node's other disks alone. Idempotent.</summary>
    Task RemoveFromDiskAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken);

    /// <summary>Deletes a committed replica (garbage collection, surplus copies). Idempotent.</summary>
    Task DeleteAsync(Guid chunkId, long version, CancellationToken cancellationToken);

    /// <summary>Every replica on this node's disks, committed and staged, for chunk reports, GC and fsck.</summary>
    IAsyncEnumerable<StoredReplica> ListAsync(CancellationToken cancellationToken);
}

/// <summary>One chunk directory; replicas of a chunk never share a disk (nor, when possible, a node).</summary>
public sealed record ChunkDisk(string Id, string Path, long CapacityBytes, long FreeBytes);

public sealed record StagedChunk(Guid ChunkId, long Version, string DiskId, long Length, uint Crc32C);

public sealed record ChunkCheck(Guid ChunkId, long Version, bool Present, long Length, uint Crc32C, IReadOnlyList<int> BadBlocks);

public sealed record StoredReplica(Guid ChunkId, long Version, string DiskId, bool Committed, long Length, DateTimeOffset ModifiedAt);

public class ChunkStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A block's bytes do not match their CRC32C: this replica is bad and must be repaired.</summary>
public sealed class ChunkCorruptException(Guid chunkId, long version, int block)
    : ChunkStoreException($"Chunk {chunkId:N} version {version}: block {block} failed its CRC32C check.")
{
    public Guid ChunkId { get; } = chunkId;
    public long Version { get; } = version;
    public int Block { get; } = block;
}
