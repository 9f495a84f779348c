using System.Collections.Immutable;

namespace EddCloud.Grains.Dfs;

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
    [property: Id(2)] ImmutableArray<DiskReport> Disks);

/// <summary>A node as the cluster sees it.</summary>
[GenerateSerializer, Immutable, Alias("edd.dfs.node")]
public sealed record DfsNode(
    [property: Id(0)] string NodeName,
    [property: Id(1)] string DataPlaneUrl,
    [property: Id(2)] ImmutableArray<DiskReport> Disks,
    [property: Id(3)] DateTimeOffset LastSeen,
    [property: Id(4)] bool Alive);

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
    [property: Id(4)] DateTimeOffset CommittedAt);

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
