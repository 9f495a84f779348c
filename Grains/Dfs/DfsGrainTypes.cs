using System.Collections.Immutable;

namespace EddCloud.Grains.Dfs;

// The records the file system's grains pass to each other and to the silo (Orleans-serialized, stored in grain state); the HTTP wire types are the silo's DfsApiTypes.

/// <summary>A chunk directory of a node, as the node reports it.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.disk")]
public sealed record DiskReport(
    [property: Id(0)] string DiskId,
    [property: Id(1)] long CapacityBytes,
    [property: Id(2)] long FreeBytes,
    [property: Id(3)] int Replicas);

/// <summary>What a node tells the cluster every few seconds.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.heartbeat")]
public sealed record NodeHeartbeat(
    [property: Id(0)] string NodeName,
    [property: Id(1)] string DataPlaneUrl,
    [property: Id(2)] ImmutableArray<DiskReport> Disks,
    [property: Id(3)] DfsNodeCounters Counters);

/// <summary>A node as the cluster sees it, with its transfer rates over the last heartbeats.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.node")]
public sealed record DfsNode(
    [property: Id(0)] string NodeName,
    [property: Id(1)] string DataPlaneUrl,
    [property: Id(2)] ImmutableArray<DiskReport> Disks,
    [property: Id(3)] DateTimeOffset LastSeen,
    [property: Id(4)] bool Alive,
    [property: Id(5)] DfsNodeCounters Counters,
    [property: Id(6)] double BytesInPerSecond,
    [property: Id(7)] double BytesOutPerSecond);

/// <summary>Where one replica of a chunk lives.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.replica")]
public sealed record ReplicaLocation(
    [property: Id(0)] string NodeName,
    [property: Id(1)] string DiskId,
    [property: Id(2)] string DataPlaneUrl);

/// <summary>The replicas chosen for a chunk write, and how many the settings asked for.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.placement")]
public sealed record Placement(
    [property: Id(0)] ImmutableArray<ReplicaLocation> Replicas,
    [property: Id(1)] int Wanted);

/// <summary>A chunk write in progress: version v on these replicas, to be decided before the deadline.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.write-plan")]
public sealed record ChunkWritePlan(
    [property: Id(0)] Guid ChunkId,
    [property: Id(1)] long Version,
    [property: Id(2)] ImmutableArray<ReplicaLocation> Replicas,
    [property: Id(3)] int Wanted,
    [property: Id(4)] DateTimeOffset Deadline);

/// <summary>A committed chunk: its version, size, checksum and the replicas that hold that version.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.chunk")]
public sealed record ChunkInfo(
    [property: Id(0)] Guid ChunkId,
    [property: Id(1)] long Version,
    [property: Id(2)] long Length,
    [property: Id(3)] uint Crc32C,
    [property: Id(4)] ImmutableArray<ReplicaLocation> Replicas,
    [property: Id(5)] int Wanted)
{
    public bool UnderReplicated => Replicas.Length < Wanted;
}

/// <summary>One chunk of a file version, in order.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.file-chunk")]
public sealed record FileChunk(
    [property: Id(0)] Guid ChunkId,
    [property: Id(1)] long Length);

/// <summary>A committed version of a file.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.file-version")]
public sealed record DfsFileVersion(
    [property: Id(0)] long Version,
    [property: Id(1)] long Size,
    [property: Id(2)] string Sha256,
    [property: Id(3)] ImmutableArray<FileChunk> Chunks,
    [property: Id(4)] DateTimeOffset CommittedAt,
    [property: Id(5)] DfsFileAttributes? Attributes = null);

/// <summary>What the layer above stores with a version (the file system itself ignores it).</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.file-attributes")]
public sealed record DfsFileAttributes(
    [property: Id(0)] string ContentType,
    [property: Id(1)] Guid? UploaderId,
    [property: Id(2)] string? Uploader);

/// <summary>A committed version, and the size of the version it replaced (null when the file was new): exact usage deltas.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.commit-result")]
public sealed record DfsCommitResult(
    [property: Id(0)] DfsFileInfo File,
    [property: Id(1)] long? ReplacedSize);

/// <summary>A file: its path and current version.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.file")]
public sealed record DfsFileInfo(
    [property: Id(0)] string Path,
    [property: Id(1)] DfsFileVersion Current,
    [property: Id(2)] DateTimeOffset CreatedAt);

/// <summary>An entry of a folder listing: a file or a sub-folder (name ends with '/').</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.entry")]
public sealed record DfsEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] bool IsFolder);

/// <summary>Whose chunk this is while it is written: the file path and the upload, so a failed upload's chunks are found and collected.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.chunk-owner")]
public sealed record ChunkOwner(
    [property: Id(0)] string Path,
    [property: Id(1)] Guid UploadId);

/// <summary>Totals a node has counted since it started (the cluster turns them into rates).</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.node-counters")]
public sealed record DfsNodeCounters(
    [property: Id(0)] long BytesIn,
    [property: Id(1)] long BytesOut,
    [property: Id(2)] long GcReclaimedBytes,
    [property: Id(3)] long GcReclaimedReplicas,
    [property: Id(4)] long ScrubbedBytes,
    [property: Id(5)] long CorruptReplicasFound,
    [property: Id(6)] long RepairBytesCopied)
{
    public static readonly DfsNodeCounters Zero = new(0, 0, 0, 0, 0, 0, 0);

    public DfsNodeCounters Plus(DfsNodeCounters other) => new(
        BytesIn + other.BytesIn, BytesOut + other.BytesOut, GcReclaimedBytes + other.GcReclaimedBytes, GcReclaimedReplicas + other.GcReclaimedReplicas,
        ScrubbedBytes + other.ScrubbedBytes, CorruptReplicasFound + other.CorruptReplicasFound, RepairBytesCopied + other.RepairBytesCopied);
}

/// <summary>
/// The cluster as nodes need it for maintenance: which nodes are alive, and whether the view is
/// complete. It is not complete right after the cluster grain started or while the set of live nodes
/// just changed (a node joined, returned or left): nothing is deleted then.
/// </summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.cluster-view")]
public sealed record DfsClusterView(
    [property: Id(0)] ImmutableArray<string> AliveNodes,
    [property: Id(1)] int AliveDisks,
    [property: Id(2)] bool Complete,
    [property: Id(3)] long Epoch,
    [property: Id(4)] ImmutableDictionary<string, double> BytesOutPerSecond);

/// <summary>A node's replica of a chunk, as the node found it on its disk.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.replica-report")]
public sealed record ReplicaReport(
    [property: Id(0)] string NodeName,
    [property: Id(1)] string DiskId,
    [property: Id(2)] long Version,
    [property: Id(3)] bool Committed);

public enum ReplicaVerdict
{
    /// <summary>A replica of the committed version that the chunk counts: keep it.</summary>
    Keep,
    /// <summary>The right version, not counted, and the chunk wants it: verify it fully, then offer it with <c>AdoptReplicaAsync</c>.</summary>
    Adopt,
    /// <summary>Garbage: an aborted or superseded write, a deleted chunk, or a surplus copy.</summary>
    Delete,
    /// <summary>No metadata ever named this chunk: never deleted automatically (fsck lists it).</summary>
    Unknown,
}

/// <summary>What to do with a replica, and how well its chunk is replicated.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.replica-decision")]
public sealed record ReplicaDecision(
    [property: Id(0)] ReplicaVerdict Verdict,
    [property: Id(1)] string Reason,
    [property: Id(2)] int LiveReplicas,
    [property: Id(3)] int Wanted);

/// <summary>A chunk that has fewer live replicas than wanted.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.repair-request")]
public sealed record RepairRequest(
    [property: Id(0)] Guid ChunkId,
    [property: Id(1)] int LiveReplicas,
    [property: Id(2)] int Wanted,
    [property: Id(3)] bool Repairable);

/// <summary>New replicas to copy for a chunk from its live ones.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.repair-plan")]
public sealed record RepairPlan(
    [property: Id(0)] Guid ChunkId,
    [property: Id(1)] long Version,
    [property: Id(2)] long Length,
    [property: Id(3)] uint Crc32C,
    [property: Id(4)] ImmutableArray<ReplicaLocation> Sources,
    [property: Id(5)] ImmutableArray<ReplicaLocation> Targets);

/// <summary>An order to a node: copy this chunk version from one of the sources onto the given disk of yours.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.replica-copy")]
public sealed record ReplicaCopy(
    [property: Id(0)] Guid ChunkId,
    [property: Id(1)] long Version,
    [property: Id(2)] long Length,
    [property: Id(3)] uint Crc32C,
    [property: Id(4)] string DiskId,
    [property: Id(5)] ImmutableArray<ReplicaLocation> Sources);

/// <summary>A replica as a node's disk holds it (fsck and repair).</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.replica-entry")]
public sealed record ReplicaEntry(
    [property: Id(0)] Guid ChunkId,
    [property: Id(1)] long Version,
    [property: Id(2)] string DiskId,
    [property: Id(3)] bool Committed,
    [property: Id(4)] long Length,
    [property: Id(5)] DateTimeOffset ModifiedAt);

/// <summary>A full read of one replica: whether it is there, its length and CRC32C, and the blocks that failed.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.replica-check")]
public sealed record ReplicaCheck(
    [property: Id(0)] bool Present,
    [property: Id(1)] long Length,
    [property: Id(2)] uint Crc32C,
    [property: Id(3)] ImmutableArray<int> BadBlocks,
    [property: Id(4)] string? Error);

/// <summary>The repair queue as the status page shows it.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.repair-status")]
public sealed record DfsRepairStatus(
    [property: Id(0)] int UnderReplicated,
    [property: Id(1)] int Repairable,
    [property: Id(2)] int Queued,
    [property: Id(3)] int InProgress,
    [property: Id(4)] long Completed,
    [property: Id(5)] long Failed,
    [property: Id(6)] long BytesCopied,
    [property: Id(7)] int Lost);
