namespace EddCloud.Grains.Dfs;

/// <summary>
/// Places a grain keyed by a node name on the silo of that node (the silo's name is its node name), so
/// the grain can act on that node's disks. The director lives in the silo (EddCloud.Silo.Dfs).
/// </summary>
[Serializable, GenerateSerializer, Immutable, Alias("edd.dfs.node-pinned")]
public sealed class NodePinnedPlacement : Orleans.Runtime.PlacementStrategy
{
    public static readonly NodePinnedPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NodePinnedPlacementAttribute() : Orleans.Placement.PlacementAttribute(NodePinnedPlacement.Instance);
