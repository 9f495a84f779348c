namespace EddCloud.Cli.Dfs;

/// <summary>
/// Answer of <c>GET /api/dfs/status</c>: nodes, disks, capacity and replica counts, traffic and the repair queue.
/// Rates, totals and repair are null from servers that predate them.
/// </summary>
public sealed record DfsStatus(long ChunkSize, int ReplicationFactor, IReadOnlyList<DfsNode> Nodes, long CapacityBytes, long FreeBytes, int Replicas,
    DfsRates? Rates = null, DfsTotals? Totals = null, DfsRepair? Repair = null);

public sealed record DfsNode(string Name, bool Alive, DateTimeOffset LastSeen, string DataPlaneUrl, IReadOnlyList<DfsDisk> Disks,
    DfsRates? Rates = null, DfsTotals? Totals = null);

public sealed record DfsDisk(string Id, long CapacityBytes, long FreeBytes, int Replicas);

/// <summary>Bytes per second through a node's data plane (or the sum over nodes), averaged by the server.</summary>
public sealed record DfsRates(double BytesInPerSecond, double BytesOutPerSecond);

/// <summary>Counters since each node started.</summary>
public sealed record DfsTotals(long BytesIn, long BytesOut, long GcReclaimedBytes, long GcReclaimedReplicas, long ScrubbedBytes, long CorruptReplicasFound,
    long RepairBytesCopied);

/// <summary>
/// The repair queue: chunks below their replication factor as the last maintenance passes reported them;
/// <see cref="Lost"/> have no live replica, the rest minus <see cref="Repairable"/> wait for a free node or disk.
/// </summary>
public sealed record DfsRepair(int UnderReplicated, int Repairable, int Queued, int InProgress, long Completed, long Failed, long BytesCopied, int Lost);
