using System.Collections.Immutable;
using Orleans.Concurrency;

namespace EddCloud.Grains.Dfs;

/// <summary>
/// The file system's view of the cluster (singleton, key "cluster"): which nodes and disks exist,
/// which are alive, and where new replicas go.
/// </summary>
[Alias("edd.dfs.IDfsClusterGrain")]
public interface IDfsClusterGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>Records that a node is alive, with its data-plane address, disks and counters; answers with the cluster view.</summary>
    [Alias("heartbeat")] Task<DfsClusterView> HeartbeatAsync(NodeHeartbeat heartbeat);

    /// <summary>Which nodes are alive and whether the view is complete enough to delete anything.</summary>
    [Alias("view")] Task<DfsClusterView> GetViewAsync();

    [Alias("nodes"), ReadOnly] Task<ImmutableArray<DfsNode>> ListNodesAsync();

    /// <summary>
    /// Picks up to <paramref name="wanted"/> replicas on live nodes: distinct nodes first, then
    /// distinct disks, the freest first, never two on one disk. Fewer when fewer domains exist.
    /// </summary>
    [Alias("place"), ReadOnly] Task<Placement> PlaceAsync(int wanted, long bytes);

    /// <summary>
    /// Up to <paramref name="more"/> further replicas for a chunk that has <paramref name="existing"/> ones, by the
    /// same rules: never a disk already used, nodes without a replica first. Empty when no domain is left.
    /// </summary>
    [Alias("place-more"), ReadOnly] Task<Placement> PlaceMoreAsync(int more, long bytes, ImmutableArray<ReplicaLocation> existing);
}
