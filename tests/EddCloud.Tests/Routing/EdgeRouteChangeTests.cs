using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Routing;

/// <summary>Routes an admin changes at runtime reach every edge at once, without a restart.</summary>
[IntegrationTest]
public sealed class EdgeRouteChangeTests : IAsyncLifetime
{
    private SiloProcess _silo = null!;
    private EdgeProcess _first = null!;
    private EdgeProcess _second = null!;
    private TestBackend _a = null!;
    private TestBackend _b = null!;

    public async Task InitializeAsync()
    {
        _a = await TestBackend.StartAsync("A");
        _b = await TestBackend.StartAsync("B");
        _silo = await SiloProcess.StartAsync();
        _first = await EdgeProcess.StartAsync(_silo);
        _second = await EdgeProcess.StartAsync(_silo);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _silo.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task ARouteAddedChangedAndRemovedThroughTheApi_ReachesTwoEdgesAtOnceEachTime()
    {
        using var admin = await _silo.SignInAsAdminAsync();
        using var firstClient = _first.CreateClient();
        using var secondClient = _second.CreateClient();
        // Settle both edges' connections first, so the measurements below time the route change, not TLS set-up.
        Assert.Equal(HttpStatusCode.OK, (await firstClient.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secondClient.GetAsync("/healthz")).StatusCode);

        // Each clock starts when the API has answered, i.e. when the change is saved.
        using var added = await admin.PostAsJsonAsync("/api/admin/routes", new { host = "live.test", backend = _a.Url });
        var clock = Stopwatch.StartNew();
        await ApiAssert.StatusAsync(added, HttpStatusCode.Created, "add a route");
        var id = (await added.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        await BothSeeAsync(firstClient, secondClient, "A", clock, "the new route");

        using var changed = await admin.PutAsJsonAsync($"/api/admin/routes/{id}", new { host = "live.test", backend = _b.Url });
        clock.Restart();
        await ApiAssert.StatusAsync(changed, HttpStatusCode.OK, "change the route's backend");
        await BothSeeAsync(firstClient, secondClient, "B", clock, "the changed route");

        using var removed = await admin.DeleteAsync($"/api/admin/routes/{id}");
        clock.Restart();
        await ApiAssert.StatusAsync(removed, HttpStatusCode.NoContent, "remove the route");
        await BothSeeAsync(firstClient, secondClient, null, clock, "the removal");
    }

    /// <summary>
    /// Polls both edges every 20 ms until each routes live.test to <paramref name="backend"/> (null: to nothing), then
    /// checks that no edge still routed the old way on a request sent 2 s or more after the API answered.
    /// </summary>
    /// <remarks>
    /// The API promises a change within a second; the measure is when the last request that still saw the old route
    /// was sent, so slow requests on a loaded machine do not count against the edge, and the bound is 2 s for the
    /// push itself being late there. An edge that only learns of changes when it renews its subscription (every
    /// 10 s) is still caught: it lags past 2 s on most of the six changes seen here.
    /// </remarks>
    private async Task BothSeeAsync(HttpClient first, HttpClient second, string? backend, Stopwatch clock, string what)
    {
        var limit = TimeSpan.FromSeconds(2);
        var staleAt = new List<TimeSpan>();
        foreach (var (client, edge) in new[] { (first, _first), (second, _second) })
        {
            var stale = TimeSpan.Zero;
            while (true)
            {
                var sent = clock.Elapsed;
                if (await BackendAsync(client, edge) == backend)
                    break;
                stale = sent;
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{what} did not reach the edge on {edge.HttpsPort} within 30 s");
                await Task.Delay(20);
            }

            staleAt.Add(stale);
        }

        Console.WriteLine($"{what}: last request seeing the old route sent after {string.Join(" and ", staleAt.Select(t => $"{t.TotalMilliseconds:0} ms"))}");
        Assert.True(staleAt.Max() < limit, $"{what}: an edge still routed the old way on a request sent {staleAt.Max().TotalMilliseconds:0} ms after the API answered; expected the change within {limit.TotalSeconds:0} s");
    }

    private static async Task<string?> BackendAsync(HttpClient client, EdgeProcess edge)
    {
        try
        {
            using var response = await client.GetAsync(edge.Url("live.test", "/"));
            return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<EchoBody>())!.Backend : null;
        }
        catch (HttpRequestException)
        {
            // No route yet: the edge has no certificate for the host.
            return null;
        }
    }
}
