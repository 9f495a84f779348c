namespace EddCloud.Cli.Routing;

/// <summary>The whole route table (never paged: at most 500 routes) and its version.</summary>
public sealed record RouteList(long Version, IReadOnlyList<Route> Items);
