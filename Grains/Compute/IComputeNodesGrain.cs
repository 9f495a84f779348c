using System.Collections.Immutable;

namespace EddCloud.Grains.Compute;

/// <summary>
/// The cluster's compute nodes (one grain, key 0): each node reports itself every watch interval; containers are
/// placed on the present node with the most free memory (then CPU) their limits leave, and the placements are kept.
/// </summary>
[Alias("edd.compute.IComputeNodesGrain")]
public interface IComputeNodesGrain : IGrainWithIntegerKey
{
    /// <summary>A node reports itself; the answer is how many containers are placed on it.</summary>
    [Alias("report")] Task<int> ReportAsync(NodeReport report);

    /// <summary>
    /// The node the container runs on: its current placement while that node is present, else a new one (never
    /// <paramref name="avoid"/>). Unavailable when no present node has a working engine.
    /// </summary>
    [Alias("place")] Task<string> PlaceAsync(Guid containerId, decimal cpus, long memoryBytes, string? avoid);

    [Alias("release")] Task ReleaseAsync(Guid containerId);

    [Alias("is-present")] Task<bool> IsPresentAsync(string node);

    [Alias("list")] Task<ImmutableArray<ComputeNode>> ListAsync();
}
