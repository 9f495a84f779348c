namespace EddCloud.Cli.Api;

/// <summary>Answer of <c>GET /api/dfs/status</c>: nodes, disks, capacity and replica counts.</summary>
public sealed record DfsStatus(long ChunkSize, int ReplicationFactor, IReadOnlyList<DfsNode> Nodes, long CapacityBytes, long FreeBytes, int Replicas);

public sealed record DfsNode(string Name, bool Alive, DateTimeOffset LastSeen, string? DataPlaneUrl, IReadOnlyList<DfsDisk> Disks);

public sealed record DfsDisk(string Id, long CapacityBytes, long FreeBytes, int Replicas);
