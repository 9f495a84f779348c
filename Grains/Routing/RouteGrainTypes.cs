using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace EddCloud.Grains.Routing;

// The records Routing's grains pass to the silo and the edges (Orleans-serialized); the HTTP wire types are the silo's RoutingApiTypes.

/// <summary>Where a static route came from: the API (admins edit it) or routes.yaml (the file owns it).</summary>
public enum RouteSource
{
    [JsonStringEnumMemberName("api")] Api,
    [JsonStringEnumMemberName("file")] File,
}

/// <summary>
/// Requests for <see cref="Host"/> whose path is <see cref="PathPrefix"/> or below it (on a segment boundary) go to
/// <see cref="Backend"/>; with <see cref="StripPrefix"/> the prefix is removed from the path first.
/// </summary>
[GenerateSerializer, Immutable, Alias("edd.routing.route")]
public sealed record Route(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Host,
    [property: Id(2)] string PathPrefix,
    [property: Id(3)] bool StripPrefix,
    [property: Id(4)] string Backend,
    [property: Id(5)] RouteSource Source,
    [property: Id(6)] DateTimeOffset UpdatedAt);

/// <summary>A route as an admin or routes.yaml writes it, before it is checked.</summary>
[GenerateSerializer, Immutable, Alias("edd.routing.route-spec")]
public sealed record RouteSpec(
    [property: Id(0)] string? Host,
    [property: Id(1)] string? PathPrefix,
    [property: Id(2)] bool StripPrefix,
    [property: Id(3)] string? Backend);

/// <summary>Every static route; <see cref="Version"/> grows with each change, so an edge knows whether it is current.</summary>
[GenerateSerializer, Immutable, Alias("edd.routing.route-table")]
public sealed record RouteTable(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<Route> Routes);

/// <summary>What loading routes.yaml changed.</summary>
[GenerateSerializer, Immutable, Alias("edd.routing.route-file-sync")]
public sealed record RouteFileSync(
    [property: Id(0)] int Added,
    [property: Id(1)] int Changed,
    [property: Id(2)] int Removed,
    [property: Id(3)] int Unchanged);
