namespace EddCloud.Cli.Routing;

/// <summary>The body of <c>POST /api/admin/routes</c> and <c>PUT /api/admin/routes/{id}</c>.</summary>
public sealed record RouteRequest(string Host, string? PathPrefix, bool StripPrefix, string Backend);
