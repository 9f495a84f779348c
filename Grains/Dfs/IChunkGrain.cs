using System.Collections.Immutable;
using Orleans.Concurrency;

namespace EddCloud.Grains.Dfs;

/// <summary>
/// One chunk (keyed by chunk id): the two-phase commit of its write and, once committed, its
/// version, length, CRC32C and the replicas that hold it. Chunks are written once.
/// </summary>
[Alias("edd.dfs.IChunkGrain")]
public interface IChunkGrain : IGrainWithGuidKey
{
    /// <summary>Places the replicas of a new write and records version v as pending until its deadline.</summary>
    [Alias("begin-write")] Task<ChunkWritePlan> BeginWriteAsync(long maxLength, ChunkOwner owner);

    /// <summary>
    /// Decides version v: committed when a quorum of its replicas prepared with the given length and
    /// CRC32C (the decision is durable before this returns), otherwise aborted with a conflict error.
    /// </summary>
    [Alias("commit")] Task<ChunkInfo> CommitAsync(long version, long length, uint crc32C, ImmutableArray<ReplicaLocation> prepared);

    /// <summary>Gives up a pending write (the coordinator failed); its staged replicas are garbage.</summary>
    [Alias("abort")] Task AbortAsync(long version);

    /// <summary>The committed chunk, or null while none is.</summary>
    // Interleaves: readers never wait behind a slow call, and a file grain asking back never deadlocks.
    [Alias("get"), AlwaysInterleave] Task<ChunkInfo?> GetAsync();

    /// <summary>
    /// Takes a replica out of the readable set (it failed a read or missed the commit); repair restores
    /// the count. A null <paramref name="diskId"/> means whichever disk of that node holds it.
    /// </summary>
    [Alias("report-bad")] Task ReportBadReplicaAsync(string nodeName, string? diskId, string reason);

    /// <summary>
    /// What a node should do with a replica it holds (keep, verify and offer, delete, or leave alone when no
    /// metadata knows the chunk), and how many live replicas the chunk has, given the live nodes.
    /// </summary>
    [Alias("reconcile")] Task<ReplicaDecision> ReconcileReplicaAsync(ReplicaReport replica, ImmutableArray<string> aliveNodes);

    /// <summary>Counts a verified replica again (a returning node's copy, a repair's result); false when refused.</summary>
    [Alias("adopt")] Task<bool> AdoptReplicaAsync(ReplicaLocation replica, long version, long length, uint crc32C);

    /// <summary>Where to copy the chunk to bring it back to its replication factor, from which live replicas; null when nothing can be done now.</summary>
    [Alias("plan-repair")] Task<RepairPlan?> PlanRepairAsync(ImmutableArray<string> aliveNodes);

    /// <summary>Records the copies a repair made; false when the chunk changed meanwhile (the copies are garbage).</summary>
    [Alias("complete-repair")] Task<bool> CompleteRepairAsync(long version, ImmutableArray<ReplicaLocation> added, ImmutableArray<string> aliveNodes);

    /// <summary>Tombstones the chunk (its file released it) and deletes its replicas, now or at the nodes' next pass.</summary>
    [Alias("delete")] Task DeleteAsync();
}
