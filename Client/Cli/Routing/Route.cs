namespace EddCloud.Cli.Routing;

/// <summary>A static route: requests for <see cref="Host"/> under <see cref="PathPrefix"/> go to <see cref="Backend"/>. <see cref="Source"/> is "api" or "file" (routes.yaml).</summary>
public sealed record Route(string Id, string Host, string PathPrefix, bool StripPrefix, string Backend, string Source, DateTimeOffset UpdatedAt);
