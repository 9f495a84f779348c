namespace EddCloud.Grains.Compute;

/// <summary>
/// One ingress name (keyed by the name): at most one container holds it, so names are unique across the cluster.
/// The edge resolves a host to its rule through this grain.
/// </summary>
[Alias("edd.compute.IIngressNameGrain")]
public interface IIngressNameGrain : IGrainWithStringKey
{
    /// <summary>Takes the name for the rule's container (or updates its rule); conflict when another container holds it.</summary>
    [Alias("claim")] Task ClaimAsync(IngressRule rule);

    /// <summary>Gives the name up if <paramref name="containerId"/> holds it.</summary>
    [Alias("release")] Task ReleaseAsync(Guid containerId);

    [Alias("resolve")] Task<IngressRule?> ResolveAsync();
}
