using System.Collections.Frozen;
using EddCloud.Grains.Routing;
using Route = EddCloud.Grains.Routing.Route;

namespace EddCloud.Edge.Routing;

/// <summary>The static routes as the edge looks them up: by host, then the longest path prefix on a segment boundary.</summary>
public sealed class EdgeRouteTable
{
    public static readonly EdgeRouteTable Empty = new(new RouteTable(-1, []));

    private readonly FrozenDictionary<string, Route[]> _byHost;

    public EdgeRouteTable(RouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Version = table.Version;
        _byHost = table.Routes
            .GroupBy(route => route.Host, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(group => group.Key, group => group.OrderByDescending(route => route.PathPrefix.Length).ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public long Version { get; }

    public bool HasHost(string host) => _byHost.ContainsKey(host);

    /// <summary>The route for this host and path, or null. "/app" matches /app and /app/x, never /apple.</summary>
    public Route? Match(string host, PathString path)
    {
        if (!_byHost.TryGetValue(host, out var routes))
            return null;
        foreach (var route in routes)
        {
            if (route.PathPrefix == "/" || path.StartsWithSegments(route.PathPrefix, StringComparison.Ordinal))
                return route;
        }

        return null;
    }
}
