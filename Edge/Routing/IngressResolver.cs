using System.Collections.Concurrent;
using EddCloud.Grains.Compute;

namespace EddCloud.Edge.Routing;

/// <summary>Where an app name leads, as the edge may act on it.</summary>
public abstract record IngressTarget
{
    /// <summary>The container runs: proxy to <see cref="Destination"/>.</summary>
    public sealed record Reachable(string Destination, IngressRule Rule) : IngressTarget;

    /// <summary>No container holds the name.</summary>
    public sealed record Unknown : IngressTarget;

    /// <summary>The container exists but does not run (or has no address for the port): why, for the error page.</summary>
    public sealed record Down(ContainerInfo Container, IngressRule Rule) : IngressTarget;
}

/// <summary>
/// Resolves <c>&lt;name&gt;.&lt;apps domain&gt;</c> through the ingress name grain and the container grain, cached for a
/// moment so a busy app costs no grain call per request, and a stop or a move shows within that moment.
/// </summary>
public sealed class IngressResolver(IClusterClient cluster, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<string, (IngressTarget Target, long Until)> _cache = new(StringComparer.Ordinal);

    public async Task<IngressTarget> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(name, out var cached) && cached.Until > now)
            return cached.Target;

        var target = await LookUpAsync(name, cancellationToken);
        if (_cache.Count >= MaxCached)
            _cache.Clear();
        _cache[name] = (target, now + (long)(CacheFor.TotalSeconds * time.TimestampFrequency));
        return target;
    }

    private async Task<IngressTarget> LookUpAsync(string name, CancellationToken cancellationToken)
    {
        var rule = await cluster.GetGrain<IIngressNameGrain>(name).ResolveAsync().WaitAsync(cancellationToken);
        if (rule is null)
            return new IngressTarget.Unknown();
        var container = await cluster.GetGrain<IContainerGrain>(rule.ContainerId).GetAsync().WaitAsync(cancellationToken);
        if (container is null)
            return new IngressTarget.Unknown();
        var address = container.Addresses.FirstOrDefault(candidate => candidate.Port == rule.Port);
        if (container.Status != ContainerStatus.Running || address is null)
            return new IngressTarget.Down(container, rule);
        return new IngressTarget.Reachable($"http://{address.Host}:{address.HostPort}", rule);
    }
}
