using EddCloud.Cli.Http;

namespace EddCloud.Cli.Routing;

/// <summary>The routing endpoints (the cloud's static HTTP routes; docs/api.md, "Routing") over <see cref="EddApiClient"/>.</summary>
public sealed class RoutingApi(EddApiClient api)
{
    private const string Base = "api/admin/routes";

    private static readonly RoutingJsonContext Json = RoutingJsonContext.Default;

    public Task<ApiResponse<RouteList>> ListAsync(CancellationToken ct) => api.GetJsonAsync(Base, Json.RouteList, ct);

    public Task<ApiResponse<Route>> GetAsync(string id, CancellationToken ct) => api.GetJsonAsync(RouteUrl(id), Json.Route, ct);

    public Task<ApiResponse<Route>> AddAsync(RouteRequest route, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Post, Base, route, Json.RouteRequest, Json.Route, ct);

    public Task<ApiResponse<Route>> UpdateAsync(string id, RouteRequest route, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Put, RouteUrl(id), route, Json.RouteRequest, Json.Route, ct);

    public Task DeleteAsync(string id, CancellationToken ct) => api.DeleteAsync(RouteUrl(id), ct);

    private static string RouteUrl(string id) => Base + "/" + Uri.EscapeDataString(id);
}
