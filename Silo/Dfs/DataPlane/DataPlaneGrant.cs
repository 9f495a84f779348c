namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>
/// What one data-plane token grants: one access to one (chunk, version) on one node. A write grant
/// also names the disk to stage on and the most bytes the replica may receive.
/// </summary>
public sealed record DataPlaneGrant(Guid ChunkId, long Version, DataPlaneAccess Access, string? DiskId, long? MaxLength, string NodeName);
