using EddCloud.Grains.Hosting;
using Orleans.Runtime.Placement;

namespace EddCloud.Silo.Hosting;

/// <summary>
/// Puts a <see cref="NodePinnedPlacement"/> grain on the active silo named like its key. When that node is
/// away the grain lands here and refuses its calls (see ChunkServerGrain and NodeAgentGrain), rather than act on the
/// wrong disks or engine.
/// </summary>
public sealed class NodePinnedPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var node = target.GrainIdentity.Key.ToString();
        var compatible = context.GetCompatibleSilos(target);
        var home = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && m.Name == node && compatible.Contains(m.SiloAddress))
            .Select(m => m.SiloAddress)
            .FirstOrDefault();
        return Task.FromResult(home ?? (compatible.Contains(context.LocalSilo) ? context.LocalSilo : compatible[0]));
    }
}
