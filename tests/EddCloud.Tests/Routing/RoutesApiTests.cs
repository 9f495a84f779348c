using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Routing;

/// <summary>
/// An admin manages static routes through /api/admin/routes on a real silo: what is added is listed and read back,
/// changed and removed; bad input is refused with the field named and leaves the table (and its version) as it was.
/// </summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class RoutesApiTests(SiloFixture fixture)
{
    [Fact]
    public async Task AddGetUpdateDelete_EachShowsInTheTable_AndMovesItsVersion()
    {
        using var admin = await fixture.Silo.SignInAsAdminAsync();
        var host = RoutesApi.NewHost("wiki");
        var before = await RoutesApi.ListAsync(admin);

        // Add: 201 with a Location, the host lower-cased, the backend's trailing slash dropped, source "api".
        using var created = await admin.PostAsJsonAsync(RoutesApi.Path, new { host = host.ToUpperInvariant(), pathPrefix = "/docs", stripPrefix = true, backend = "http://127.0.0.1:3000/" });
        await ApiAssert.StatusAsync(created, HttpStatusCode.Created, "adding a route");
        var route = (await created.Content.ReadFromJsonAsync<RouteBody>())!;
        Assert.Equal($"/api/admin/routes/{route.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal((host, "/docs", true, "http://127.0.0.1:3000", "api"), (route.Host, route.PathPrefix, route.StripPrefix, route.Backend, route.Source));

        var afterAdd = await RoutesApi.ListAsync(admin);
        Assert.True(afterAdd.Version > before.Version, $"the version moves on an add: {before.Version} then {afterAdd.Version}");
        Assert.Equal(route, Assert.Single(afterAdd.Items, r => r.Id == route.Id));
        Assert.Equal(route, await admin.GetFromJsonAsync<RouteBody>($"{RoutesApi.Path}/{route.Id}"));

        // Without a prefix the route covers the whole host ("/"), and stripping "/" means nothing.
        var whole = await RoutesApi.AddAsync(admin, host, "https://10.0.0.5:8443/base", stripPrefix: true);
        Assert.Equal(("/", false), (whole.PathPrefix, whole.StripPrefix));

        // Update replaces every field and keeps the id.
        using var updated = await admin.PutAsJsonAsync($"{RoutesApi.Path}/{route.Id}", new { host, pathPrefix = "/handbook", stripPrefix = false, backend = "http://127.0.0.1:3001" });
        await ApiAssert.StatusAsync(updated, HttpStatusCode.OK, "changing the route");
        var changed = (await updated.Content.ReadFromJsonAsync<RouteBody>())!;
        Assert.Equal((route.Id, "/handbook", false, "http://127.0.0.1:3001"), (changed.Id, changed.PathPrefix, changed.StripPrefix, changed.Backend));
        Assert.Equal(changed, await RoutesApi.FindAsync(admin, route.Id));

        // Delete: 204, gone from the table and from GET, and a second delete is a 404.
        await ApiAssert.StatusAsync(await admin.DeleteAsync($"{RoutesApi.Path}/{route.Id}"), HttpStatusCode.NoContent, "removing the route");
        Assert.Null(await RoutesApi.FindAsync(admin, route.Id));
        await ApiAssert.ProblemAsync(await admin.GetAsync($"{RoutesApi.Path}/{route.Id}"), HttpStatusCode.NotFound, "not_found", "reading a removed route");
        await ApiAssert.ProblemAsync(await admin.DeleteAsync($"{RoutesApi.Path}/{route.Id}"), HttpStatusCode.NotFound, "not_found", "removing it twice");
        Assert.NotNull(await RoutesApi.FindAsync(admin, whole.Id));
    }

    /// <summary>300 characters of valid labels: too long only as a whole.</summary>
    private static readonly string LongHost = string.Join('.', [new string('a', 60), .. Enumerable.Repeat(new string('b', 59), 4)]);

    public static TheoryData<string, object, HttpStatusCode, string> BadRoutes => new()
    {
        { "empty host", new { host = "", backend = "http://127.0.0.1:3000" }, HttpStatusCode.BadRequest, "host" },
        { "host with capitals and symbols", new { host = "UPPER_case!", backend = "http://127.0.0.1:3000" }, HttpStatusCode.BadRequest, "host" },
        { "300-character host", new { host = LongHost, backend = "http://127.0.0.1:3000" }, HttpStatusCode.BadRequest, "host" },
        { "host under the apps domain", new { host = "x.apps.localhost", backend = "http://127.0.0.1:3000" }, HttpStatusCode.BadRequest, "host" },
        { "prefix ..", new { host = "ok.routes.test", pathPrefix = "..", backend = "http://127.0.0.1:3000" }, HttpStatusCode.BadRequest, "pathPrefix" },
        { "prefix without a slash", new { host = "ok.routes.test", pathPrefix = "no-slash", backend = "http://127.0.0.1:3000" }, HttpStatusCode.BadRequest, "pathPrefix" },
        { "ftp backend", new { host = "ok.routes.test", backend = "ftp://x" }, HttpStatusCode.BadRequest, "backend" },
        { "backend with credentials", new { host = "ok.routes.test", backend = "http://user:pw@x" }, HttpStatusCode.BadRequest, "backend" },
        { "backend that is no URL", new { host = "ok.routes.test", backend = "not a url" }, HttpStatusCode.BadRequest, "backend" },
        { "backend with a query", new { host = "ok.routes.test", backend = "http://x/?q=1" }, HttpStatusCode.BadRequest, "backend" },
    };

    [Theory]
    [MemberData(nameof(BadRoutes))]
    public async Task Add_BadRoute_IsRefusedNamingTheField_AndChangesNothing(string what, object body, HttpStatusCode status, string field)
    {
        using var admin = await fixture.Silo.SignInAsAdminAsync();
        var before = await RoutesApi.ListAsync(admin);

        await AssertRefusedAsync(await admin.PostAsJsonAsync(RoutesApi.Path, body), status, field, what);

        Assert.Equal(before, await RoutesApi.ListAsync(admin), RouteListComparer.Instance);
    }

    [Theory]
    [MemberData(nameof(BadRoutes))]
    public async Task Update_BadRoute_IsRefusedNamingTheField_AndKeepsTheRoute(string what, object body, HttpStatusCode status, string field)
    {
        using var admin = await fixture.Silo.SignInAsAdminAsync();
        var route = await RoutesApi.AddAsync(admin, RoutesApi.NewHost(), "http://127.0.0.1:3000");
        var before = await RoutesApi.ListAsync(admin);

        await AssertRefusedAsync(await admin.PutAsJsonAsync($"{RoutesApi.Path}/{route.Id}", body), status, field, what);

        Assert.Equal(before, await RoutesApi.ListAsync(admin), RouteListComparer.Instance);
        Assert.Equal(route, await RoutesApi.FindAsync(admin, route.Id));
    }

    [Fact]
    public async Task Add_SameHostAndPrefixTwice_IsAConflictNamingTheExistingRoute()
    {
        using var admin = await fixture.Silo.SignInAsAdminAsync();
        var host = RoutesApi.NewHost();
        var first = await RoutesApi.AddAsync(admin, host, "http://127.0.0.1:3000", "/app");
        var before = await RoutesApi.ListAsync(admin);

        // The same host in other letter case and the same prefix is the same route.
        var detail = await AssertRefusedAsync(await admin.PostAsJsonAsync(RoutesApi.Path, new { host = host.ToUpperInvariant(), pathPrefix = "/app", backend = "http://127.0.0.1:4000" }),
            HttpStatusCode.Conflict, "pathPrefix", "a second route for the same host and prefix");

        Assert.Contains(first.Id.ToString(), detail, StringComparison.Ordinal);
        Assert.Equal(before, await RoutesApi.ListAsync(admin), RouteListComparer.Instance);

        // Changing another route onto the taken host and prefix is refused the same way.
        var second = await RoutesApi.AddAsync(admin, host, "http://127.0.0.1:3000", "/other");
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"{RoutesApi.Path}/{second.Id}", new { host, pathPrefix = "/app", backend = "http://127.0.0.1:4000" }),
            HttpStatusCode.Conflict, "pathPrefix", "moving a route onto a taken host and prefix");
        Assert.Equal(second, await RoutesApi.FindAsync(admin, second.Id));
    }

    [Theory]
    [InlineData("", "application/json")]
    [InlineData("{\"host\": 5", "application/json")]
    [InlineData("host=wiki.example.org", "application/x-www-form-urlencoded")]
    public async Task Add_BodyThatIsNoRoute_IsA4xxProblem_AndChangesNothing(string body, string mediaType)
    {
        using var admin = await fixture.Silo.SignInAsAdminAsync();
        var before = await RoutesApi.ListAsync(admin);

        using var response = await admin.PostAsync(RoutesApi.Path, new StringContent(body, System.Text.Encoding.UTF8, mediaType));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is 400 or 415, $"a body of '{body}' ({mediaType}): expected 400 or 415, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await RoutesApi.ListAsync(admin), RouteListComparer.Instance);
    }

    [Fact]
    public async Task UpdateOrDelete_UnknownRoute_IsNotFound()
    {
        using var admin = await fixture.Silo.SignInAsAdminAsync();
        var id = Guid.NewGuid();

        await ApiAssert.ProblemAsync(await admin.PutAsJsonAsync($"{RoutesApi.Path}/{id}", new { host = RoutesApi.NewHost(), backend = "http://127.0.0.1:3000" }),
            HttpStatusCode.NotFound, "not_found", "changing a route that does not exist");
        await ApiAssert.ProblemAsync(await admin.DeleteAsync($"{RoutesApi.Path}/{id}"), HttpStatusCode.NotFound, "not_found", "removing a route that does not exist");
    }

    /// <summary>Asserts a problem with the status, its code and <paramref name="field"/> among its errors; returns the detail.</summary>
    private static async Task<string> AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string field, string what)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var detail = await ApiAssert.ProblemAsync(response, status, status == HttpStatusCode.Conflict ? "conflict" : "validation", what);
            using var json = JsonDocument.Parse(body);
            Assert.True(json.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
                $"{what}: the problem should name the field '{field}': {body}");
            return detail;
        }
    }

    /// <summary>Tables are records holding lists, which compare by reference: compare the version and the routes.</summary>
    private sealed class RouteListComparer : IEqualityComparer<RouteListBody>
    {
        public static readonly RouteListComparer Instance = new();

        public bool Equals(RouteListBody? x, RouteListBody? y) =>
            x is not null && y is not null && x.Version == y.Version && x.Items.SequenceEqual(y.Items);

        public int GetHashCode(RouteListBody obj) => obj.Version.GetHashCode();
    }
}
