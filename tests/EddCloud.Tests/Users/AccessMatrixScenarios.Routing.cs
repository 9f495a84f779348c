using System.Net;
using System.Net.Http.Json;
using EddCloud.Tests.Routing;

namespace EddCloud.Tests.Users;

public static partial class AccessMatrixScenarios
{
    /// <summary>The static routes (docs/api.md, "Routing"): each cell arranges its own route through the bootstrap admin.</summary>
    private static IReadOnlyList<MatrixEndpoint> RoutingRows =>
    [
        new("GET", "/api/admin/routes", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var route = await AddRouteAsync(cell);
            return await Plan(Get(RoutesApi.Path), async response =>
                Assert.Equal(route, Assert.Single((await response.Content.ReadFromJsonAsync<RouteListBody>())!.Items, r => r.Id == route.Id)));
        }),
        new("POST", "/api/admin/routes", AccessPolicy.AdminWrite, HttpStatusCode.Created, CallerFreshness.Shared, cell =>
        {
            var host = RoutesApi.NewHost("matrix");
            return Plan(
                Send(HttpMethod.Post, RoutesApi.Path, new { host, backend = "http://127.0.0.1:3000" }),
                async response =>
                {
                    var created = (await response.Content.ReadFromJsonAsync<RouteBody>())!;
                    Assert.Equal(host, (await RoutesApi.FindAsync(cell.Principals.BootstrapAdmin, created.Id))?.Host);
                },
                async () => Assert.DoesNotContain((await RoutesApi.ListAsync(cell.Principals.BootstrapAdmin)).Items, r => r.Host == host));
        }),
        new("GET", "/api/admin/routes/{id}", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var route = await AddRouteAsync(cell);
            return await Plan(Get($"{RoutesApi.Path}/{route.Id}"), async response => Assert.Equal(route, await response.Content.ReadFromJsonAsync<RouteBody>()));
        }),
        new("PUT", "/api/admin/routes/{id}", AccessPolicy.AdminWrite, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var route = await AddRouteAsync(cell);
            return new MatrixPlan(
                Send(HttpMethod.Put, $"{RoutesApi.Path}/{route.Id}", new { host = route.Host, backend = "http://127.0.0.1:3999" }),
                async _ => Assert.Equal("http://127.0.0.1:3999", (await RoutesApi.FindAsync(cell.Principals.BootstrapAdmin, route.Id))?.Backend),
                async () => Assert.Equal(route, await RoutesApi.FindAsync(cell.Principals.BootstrapAdmin, route.Id)));
        }),
        new("DELETE", "/api/admin/routes/{id}", AccessPolicy.AdminWrite, HttpStatusCode.NoContent, CallerFreshness.Shared, async cell =>
        {
            var route = await AddRouteAsync(cell);
            return new MatrixPlan(
                Send(HttpMethod.Delete, $"{RoutesApi.Path}/{route.Id}"),
                async _ => Assert.Null(await RoutesApi.FindAsync(cell.Principals.BootstrapAdmin, route.Id)),
                async () => Assert.Equal(route, await RoutesApi.FindAsync(cell.Principals.BootstrapAdmin, route.Id)));
        }),
    ];

    private static Task<RouteBody> AddRouteAsync(MatrixCell cell) =>
        RoutesApi.AddAsync(cell.Principals.BootstrapAdmin, RoutesApi.NewHost("matrix"), "http://127.0.0.1:3000");
}
