using System.Collections.Immutable;
using EddCloud.Grains.Routing;

namespace EddCloud.Silo.Routing;

// Wire types of the Routing API (docs/api.md, "Routing"). Grain records never go on the wire directly.

public sealed record RouteRequest(string? Host, string? PathPrefix, bool? StripPrefix, string? Backend)
{
    public RouteSpec ToSpec() => new(Host, PathPrefix, StripPrefix ?? false, Backend);
}

public sealed record RouteResponse(Guid Id, string Host, string PathPrefix, bool StripPrefix, string Backend, RouteSource Source, DateTimeOffset UpdatedAt)
{
    public static RouteResponse From(EddCloud.Grains.Routing.Route route) =>
        new(route.Id, route.Host, route.PathPrefix, route.StripPrefix, route.Backend, route.Source, route.UpdatedAt);
}

/// <summary>The whole table (at most <see cref="RouteRules.MaxRoutes"/> routes, so never paged) and its version.</summary>
public sealed record RouteList(long Version, ImmutableArray<RouteResponse> Items);
