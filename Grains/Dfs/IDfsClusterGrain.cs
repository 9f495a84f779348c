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

    /// <summary>Records that a node is alive, with its data-plane address and disks.</summary>
    [Alias("heartbeat")] Task HeartbeatAsync(NodeHeartbeat heartbeat);

    [Alias("nodes"), ReadOnly] Task<ImmutableArray<DfsNode>> ListNodesAsync();

    /// <summary>
    /// Picks up to <paramref name="wanted"/> replicas on live nodes: distinct nodes first, then
    /// distinct disks, the freest first, never two on one disk. Fewer when fewer domains exist.
    /// </summary>
    [Alias("place"), ReadOnly] Task<Placement> PlaceAsync(int wanted, long bytes);
}
