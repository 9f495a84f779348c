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

public sealed record DfsNodeResponse(string Name, bool Alive, DateTimeOffset LastSeen, string DataPlaneUrl, IReadOnlyList<DfsDiskResponse> Disks);

public sealed record DfsStatusResponse(long ChunkSize, int ReplicationFactor, IReadOnlyList<DfsNodeResponse> Nodes, long CapacityBytes, long FreeBytes, int Replicas);
