using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Routing;

namespace EddCloud.Tests.Routing;

/// <summary>
/// routes.yaml reaching the route table (<see cref="IRouteTableGrain.SyncFileAsync"/>) in the in-process test cluster:
/// the file owns its routes (adds, changes, removes them) and never touches API routes; a bad file changes nothing.
/// </summary>
[Collection(GrainsClusterCollection.Name)]
public sealed class RouteTableGrainTests(GrainsClusterFixture fixture)
{
    private IRouteTableGrain Table => fixture.Grains.GetGrain<IRouteTableGrain>(0);

    [Fact]
    public async Task SyncFile_AddsNewChangesChangedRemovesDropped_LeavesApiRoutesAlone()
    {
        var (wiki, docs, shop) = (RoutesApi.NewHost("wiki"), RoutesApi.NewHost("docs"), RoutesApi.NewHost("shop"));
        var api = await Table.AddAsync(new RouteSpec(RoutesApi.NewHost("api"), null, false, "http://127.0.0.1:9000"));

        var first = await Table.SyncFileAsync([new(wiki, null, false, "http://127.0.0.1:3000"), new(docs, "/v1", true, "http://127.0.0.1:4000")]);
        Assert.Equal((2, 0), (first.Added, first.Changed));
        var afterFirst = await Table.GetAsync();
        var wikiRoute = afterFirst.Routes.Single(r => r.Host == wiki);
        Assert.Equal(RouteSource.File, wikiRoute.Source);

        // wiki's backend changes, docs leaves the file, shop joins; the same file again changes nothing.
        ImmutableArray<RouteSpec> second = [new(wiki, null, false, "http://127.0.0.1:3001"), new(shop, null, false, "http://127.0.0.1:5000")];
        Assert.Equal(new RouteFileSync(Added: 1, Changed: 1, Removed: 1, Unchanged: 0), await Table.SyncFileAsync(second));
        var afterSecond = await Table.GetAsync();
        Assert.Equal(new RouteFileSync(0, 0, 0, 2), await Table.SyncFileAsync(second));
        Assert.Equal(afterSecond.Version, (await Table.GetAsync()).Version);

        var routes = afterSecond.Routes;
        var changed = routes.Single(r => r.Host == wiki);
        Assert.Equal((wikiRoute.Id, "http://127.0.0.1:3001"), (changed.Id, changed.Backend));
        Assert.DoesNotContain(routes, r => r.Host == docs);
        Assert.Contains(routes, r => r.Host == shop && r.Source == RouteSource.File);
        Assert.Equal(api, routes.Single(r => r.Id == api.Id));

        // An empty file removes every file route and still leaves the API route.
        await Table.SyncFileAsync([]);
        var afterEmpty = await Table.GetAsync();
        Assert.DoesNotContain(afterEmpty.Routes, r => r.Source == RouteSource.File);
        Assert.Equal(api, afterEmpty.Routes.Single(r => r.Id == api.Id));
    }

    [Fact]
    public async Task SyncFile_OneBadRoute_ChangesNothing_AndNamesItsIndex()
    {
        var kept = RoutesApi.NewHost("kept");
        await Table.SyncFileAsync([new(kept, null, false, "http://127.0.0.1:3000")]);
        var before = await Table.GetAsync();

        var refusal = await Assert.ThrowsAsync<EddException>(() => Table.SyncFileAsync(
            [new(RoutesApi.NewHost("new"), null, false, "http://127.0.0.1:3000"), new(RoutesApi.NewHost("bad"), null, false, "ftp://x")]));

        Assert.Equal((ErrorCodes.Validation, "routes[1].backend"), (refusal.Code, refusal.Field));
        Assert.StartsWith("Route 2 of routes.yaml:", refusal.Message, StringComparison.Ordinal);
        var after = await Table.GetAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Routes.AsEnumerable(), after.Routes);
    }

    [Fact]
    public async Task SyncFile_SameHostAndPrefixTwice_ChangesNothing()
    {
        var before = await Table.GetAsync();
        var twice = RoutesApi.NewHost("twice");

        var refusal = await Assert.ThrowsAsync<EddException>(() => Table.SyncFileAsync(
            [new(twice, "/a", false, "http://127.0.0.1:3000"), new(twice.ToUpperInvariant(), "/a", false, "http://127.0.0.1:4000")]));

        Assert.Equal(("routes", true), (refusal.Field, refusal.Message.Contains(twice, StringComparison.Ordinal)));
        Assert.Equal(before.Version, (await Table.GetAsync()).Version);
    }

    [Fact]
    public async Task FileRoute_UpdateOrRemoveThroughTheApi_IsAConflictThatSaysEditTheFile()
    {
        var host = RoutesApi.NewHost("owned");
        await Table.SyncFileAsync([new(host, null, false, "http://127.0.0.1:3000")]);
        var before = await Table.GetAsync();
        var route = before.Routes.Single(r => r.Host == host);

        var update = await Assert.ThrowsAsync<EddException>(() => Table.UpdateAsync(route.Id, new RouteSpec(host, null, false, "http://127.0.0.1:4000")));
        var remove = await Assert.ThrowsAsync<EddException>(() => Table.RemoveAsync(route.Id));

        Assert.All([update, remove], e =>
        {
            Assert.Equal(ErrorCodes.Conflict, e.Code);
            Assert.Contains("routes.yaml", e.Message, StringComparison.Ordinal);
        });
        Assert.Equal(before.Version, (await Table.GetAsync()).Version);
    }
}
