using System.Net;
using System.Net.Http.Json;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Routing;

public sealed record RouteBody(Guid Id, string Host, string PathPrefix, bool StripPrefix, string Backend, string Source, DateTimeOffset UpdatedAt);

public sealed record RouteListBody(long Version, List<RouteBody> Items);

/// <summary>The routing API (docs/api.md, "Routing") as tests call it; every test makes its own hosts, so none shares routes.</summary>
public static class RoutesApi
{
    public const string Path = "/api/admin/routes";

    /// <summary>A host no other test uses: "&lt;what&gt;-&lt;8 hex&gt;.routes.test".</summary>
    public static string NewHost(string what = "site") => $"{what}-{Guid.NewGuid():N}"[..(what.Length + 9)] + ".routes.test";

    public static async Task<RouteListBody> ListAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync(Path);
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, "listing the routes");
        return (await response.Content.ReadFromJsonAsync<RouteListBody>())!;
    }

    public static async Task<RouteBody> AddAsync(HttpClient admin, string host, string backend, string? pathPrefix = null, bool stripPrefix = false)
    {
        using var response = await admin.PostAsJsonAsync(Path, new { host, pathPrefix, stripPrefix, backend });
        await ApiAssert.StatusAsync(response, HttpStatusCode.Created, $"adding a route for {host}");
        return (await response.Content.ReadFromJsonAsync<RouteBody>())!;
    }

    /// <summary>The route with this id, or null when the table has none.</summary>
    public static async Task<RouteBody?> FindAsync(HttpClient admin, Guid id) => (await ListAsync(admin)).Items.SingleOrDefault(route => route.Id == id);
}
