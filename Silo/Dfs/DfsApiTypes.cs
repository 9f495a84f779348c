using EddCloud.Grains.Dfs;

namespace EddCloud.Silo.Dfs;

// Wire types of the /api/dfs endpoints (docs/api.md).

public sealed record DfsFileResponse(string Path, long Version, long Size, string Sha256, int Chunks, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt)
{
    public static DfsFileResponse From(DfsFileInfo f) =>
        new(f.Path, f.Current.Version, f.Current.Size, f.Current.Sha256, f.Current.Chunks.Length, f.CreatedAt, f.Current.CommittedAt);
}

public sealed record DfsWriteResponse(DfsFileResponse File, int Replicas, int ReplicationFactor, bool UnderReplicated);

public sealed record DfsEntryResponse(string Name, bool IsFolder);

public sealed record DfsFolderResponse(string Path, IReadOnlyList<DfsEntryResponse> Items, string? Next);

public sealed record DfsDiskResponse(string Id, long CapacityBytes, long FreeBytes, int Replicas);

public sealed record DfsNodeResponse(string Name, bool Alive, DateTimeOffset LastSeen, string DataPlaneUrl, IReadOnlyList<DfsDiskResponse> Disks,
    DfsNodeRates Rates, DfsNodeTotals Totals);

public sealed record DfsStatusResponse(long ChunkSize, int ReplicationFactor, IReadOnlyList<DfsNodeResponse> Nodes, long CapacityBytes, long FreeBytes, int Replicas,
    DfsNodeRates Rates, DfsNodeTotals Totals, DfsRepairResponse Repair);

public sealed record DfsNodeRates(double BytesInPerSecond, double BytesOutPerSecond);

public sealed record DfsNodeTotals(long BytesIn, long BytesOut, long GcReclaimedBytes, long GcReclaimedReplicas, long ScrubbedBytes, long CorruptReplicasFound, long RepairBytesCopied)
{
    public static DfsNodeTotals From(DfsNodeCounters c) =>
        new(c.BytesIn, c.BytesOut, c.GcReclaimedBytes, c.GcReclaimedReplicas, c.ScrubbedBytes, c.CorruptReplicasFound, c.RepairBytesCopied);
}

public sealed record DfsRepairResponse(int UnderReplicated, int Repairable, int Queued, int InProgress, long Completed, long Failed, long BytesCopied, int Lost);

/// <summary>One problem fsck found: severity error (data unreadable or wrong), warning (less safe than wanted) or info.</summary>
public sealed record DfsProblem(string Severity, string Kind, string Detail, string? Path, Guid? ChunkId, string? Node, string? Disk);

public sealed record DfsFsckReport(long Files, long Chunks, long ReplicasVerified, long BytesVerified, long UnreferencedReplicas,
    int Errors, int Warnings, IReadOnlyList<DfsProblem> Problems, bool Truncated)
{
    public bool Healthy => Errors == 0;
}
