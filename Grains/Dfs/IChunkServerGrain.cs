using System.Collections.Immutable;

namespace EddCloud.Grains.Dfs;

/// <summary>
/// One node's chunk server (keyed by node name), pinned to that node's silo: the metadata grains use it
/// to act on the node's disks (copy a replica in for a repair, delete one, verify one, list them).
/// </summary>
[Alias("edd.dfs.IChunkServerGrain")]
public interface IChunkServerGrain : IGrainWithStringKey
{
    /// <summary>Pulls the chunk from one of the sources over the data plane, checks its length and CRC32C, and commits it on the given disk.</summary>
    [Alias("copy")] Task<ReplicaCheck> CopyReplicaAsync(ReplicaCopy copy);

    [Alias("delete")] Task DeleteReplicaAsync(Guid chunkId, long version, string diskId);

    /// <summary>Reads the whole replica and checks every block.</summary>
    [Alias("verify")] Task<ReplicaCheck> VerifyReplicaAsync(Guid chunkId, long version, string diskId);

    [Alias("list")] Task<ImmutableArray<ReplicaEntry>> ListReplicasAsync();
}

/// <summary>What a node's disks can do for <see cref="IChunkServerGrain"/>; implemented by the silo on its chunk store.</summary>
public interface IChunkServerAgent
{
    /// <summary>The node this process is: a chunk server grain runs its orders only here.</summary>
    string NodeName { get; }

    Task<ReplicaCheck> CopyReplicaAsync(ReplicaCopy copy, CancellationToken cancellationToken);

    Task DeleteReplicaAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken);

    Task<ReplicaCheck> VerifyReplicaAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken);

    Task<ImmutableArray<ReplicaEntry>> ListReplicasAsync(CancellationToken cancellationToken);
}
