namespace EddCloud.Grains.Dfs;

/// <summary>File-system settings the metadata grains apply (section "Dfs"; EDD_DFS__REPLICATION_FACTOR etc.).</summary>
public sealed class DfsOptions
{
    public const string Section = "Dfs";

    /// <summary>Bytes per chunk. Default 64 MiB.</summary>
    public long ChunkSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>Copies kept of every chunk, capped by the failure domains (nodes, then disks) that exist. Default 3.</summary>
    public int ReplicationFactor { get; set; } = 3;

    /// <summary>A node not heard from for this long is down: no new replicas go to it. Default 30 s.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a chunk write may stay prepared-but-undecided before it is abandoned. Default 10 min.</summary>
    public TimeSpan WriteDeadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Chunk files no committed metadata references are deleted only after this long (1 h): readers of a replaced version finish first.</summary>
    public TimeSpan GcGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each node checks its replicas against the metadata (GC, reconciliation, repair requests). Default 10 min.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Chunk copies the repair queue runs at once across the cluster. Default 2.</summary>
    public int RepairConcurrency { get; set; } = 2;

    /// <summary>Bytes per second re-replication may copy across the cluster, so repairs never starve users. Default 64 MiB/s.</summary>
    public long RepairBytesPerSecond { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bytes per second each node's scrubber reads to verify its replicas. Default 8 MiB/s; 0 turns the scrubber off.</summary>
    public long ScrubBytesPerSecond { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// An upload's chunks are safe from the garbage collector while its writer renews its lease (every quarter of
    /// this); a writer that died loses the lease after this long. Default 2 min.
    /// </summary>
    public TimeSpan UploadLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Replicas that must have prepared for a commit: 2, or all of them when fewer were placed.</summary>
    public static int QuorumFor(int placed) => Math.Min(placed, 2);
}
