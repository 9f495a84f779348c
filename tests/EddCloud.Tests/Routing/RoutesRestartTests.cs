using System.Net;
using System.Net.Http.Json;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Routing;

/// <summary>
/// The route table is durable: every acknowledged add, change and removal survives kill -9, in numbered steps
/// (write, kill, restart on the same data directory, check each route, write more, kill again, check again).
/// </summary>
[IntegrationTest]
public sealed class RoutesRestartTests
{
    [Fact]
    public async Task KillNine_TwiceWithChangesBetween_EveryAcknowledgedRouteChangeSurvives()
    {
        await using var silo = await SiloProcess.StartAsync();

        // 1. Acknowledged writes: two routes, one with a prefix that is stripped.
        var admin = await silo.SignInAsAdminAsync();
        var wiki = await RoutesApi.AddAsync(admin, RoutesApi.NewHost("wiki"), "http://127.0.0.1:3000");
        var docs = await RoutesApi.AddAsync(admin, RoutesApi.NewHost("docs"), "http://127.0.0.1:4000/base", "/v1", stripPrefix: true);
        var version = (await RoutesApi.ListAsync(admin)).Version;

        // 2. Crash.
        await silo.KillAsync();
        await silo.StartAsync();

        // 3. Each route, with its own message, and the version.
        admin = await silo.SignInAsAdminAsync();
        var table = await RoutesApi.ListAsync(admin);
        Assert.True(wiki == table.Items.SingleOrDefault(r => r.Id == wiki.Id), $"step 3: the wiki route after kill -9: {string.Join(", ", table.Items)}");
        Assert.True(docs == table.Items.SingleOrDefault(r => r.Id == docs.Id), $"step 3: the docs route after kill -9: {string.Join(", ", table.Items)}");
        Assert.True(version == table.Version, $"step 3: the table version after kill -9: expected {version}, got {table.Version}");

        // 4. More acknowledged writes: wiki moves to another backend, docs is removed, a third route is added.
        using var put = await admin.PutAsJsonAsync($"{RoutesApi.Path}/{wiki.Id}", new { host = wiki.Host, backend = "http://127.0.0.1:3999" });
        await ApiAssert.StatusAsync(put, HttpStatusCode.OK, "step 4: change the wiki route");
        await ApiAssert.StatusAsync(await admin.DeleteAsync($"{RoutesApi.Path}/{docs.Id}"), HttpStatusCode.NoContent, "step 4: remove the docs route");
        var shop = await RoutesApi.AddAsync(admin, RoutesApi.NewHost("shop"), "https://10.0.0.9:8443");

        // 5. Crash again.
        await silo.KillAsync();
        await silo.StartAsync();

        // 6. Each change held.
        admin = await silo.SignInAsAdminAsync();
        table = await RoutesApi.ListAsync(admin);
        Assert.True("http://127.0.0.1:3999" == table.Items.SingleOrDefault(r => r.Id == wiki.Id)?.Backend, "step 6: the wiki route's new backend after kill -9");
        Assert.True(table.Items.All(r => r.Id != docs.Id), "step 6: the removed docs route stays removed after kill -9");
        Assert.True(shop == table.Items.SingleOrDefault(r => r.Id == shop.Id), "step 6: the shop route added after the first restart");
        Assert.True(version + 3 == table.Version, $"step 6: three more changes: expected version {version + 3}, got {table.Version}");
    }
}
