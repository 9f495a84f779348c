namespace EddCloud.Grains.Hosting;

/// <summary>
/// Places a grain keyed by a node name on the silo of that node (the silo's name is its node name), so
/// the grain can act on that node's disks or engine (the DFS's chunk servers, Compute's node agents). The director
/// lives in the silo's hosting (EddCloud.Silo.Hosting), which registers it for every capability. The alias keeps the
/// name it was first deployed under, so silos of the previous version still understand each other.
/// </summary>
[Serializable, GenerateSerializer, Immutable, Alias("edd.dfs.node-pinned")]
public sealed class NodePinnedPlacement : Orleans.Runtime.PlacementStrategy
{
    public static readonly NodePinnedPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NodePinnedPlacementAttribute() : Orleans.Placement.PlacementAttribute(NodePinnedPlacement.Instance);
