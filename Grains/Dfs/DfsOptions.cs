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

    /// <summary>Replicas that must have prepared for a commit: 2, or all of them when fewer were placed.</summary>
    public static int QuorumFor(int placed) => Math.Min(placed, 2);
}
