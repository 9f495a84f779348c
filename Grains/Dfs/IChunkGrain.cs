using System.Collections.Immutable;

namespace EddCloud.Grains.Dfs;

/// <summary>
/// One chunk (keyed by chunk id): the two-phase commit of its write and, once committed, its
/// version, length, CRC32C and the replicas that hold it. Chunks are written once.
/// </summary>
[Alias("edd.dfs.IChunkGrain")]
public interface IChunkGrain : IGrainWithGuidKey
{
    /// <summary>Places the replicas of a new write and records version v as pending until its deadline.</summary>
    [Alias("begin-write")] Task<ChunkWritePlan> BeginWriteAsync(long maxLength);

    /// <summary>
    /// Decides version v: committed when a quorum of its replicas prepared with the given length and
    /// CRC32C (the decision is durable before this returns), otherwise aborted with a conflict error.
    /// </summary>
    [Alias("commit")] Task<ChunkInfo> CommitAsync(long version, long length, uint crc32C, ImmutableArray<ReplicaLocation> prepared);

    /// <summary>Gives up a pending write (the coordinator failed); its staged replicas are garbage.</summary>
    [Alias("abort")] Task AbortAsync(long version);

    /// <summary>The committed chunk, or null while none is.</summary>
    [Alias("get")] Task<ChunkInfo?> GetAsync();

    /// <summary>
    /// Takes a replica out of the readable set (it failed a read or missed the commit); repair restores
    /// the count. A null <paramref name="diskId"/> means whichever disk of that node holds it.
    /// </summary>
    [Alias("report-bad")] Task ReportBadReplicaAsync(string nodeName, string? diskId, string reason);
}
