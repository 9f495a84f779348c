using System.Net;
using EddCloud.Tests.Compute;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Routing;

/// <summary>Container apps through the edge against real Podman: <c>&lt;name&gt;.apps.localhost</c> reaches the container, and a stopped one gets a page that says so.</summary>
[IntegrationTest]
public sealed class EdgeIngressTests : IAsyncLifetime
{
    // A tiny HTTP server in the base image's own perl: answers every request with "hello from <path>".
    internal const string AppServer =
        "use IO::Socket::INET; $s = IO::Socket::INET->new(LocalPort => 8080, Listen => 20, ReuseAddr => 1) or die $!; " +
        "while ($c = $s->accept) { $r = <$c>; ($p) = $r =~ m{^\\S+ (\\S+)}; while (($l = <$c>) && $l ne \"\\r\\n\") {} " +
        "$b = \"hello from $p\"; print $c \"HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: \" . length($b) . \"\\r\\nConnection: close\\r\\n\\r\\n$b\"; close $c }";

    private SiloProcess _silo = null!;
    private EdgeProcess _edge = null!;

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync(ComputeApi.Settings());
        _edge = await EdgeProcess.StartAsync(_silo);
    }

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await ComputeApi.DisposeSiloAsync(_silo);
    }

    [Fact]
    public async Task AppName_ReachesTheRunningContainer_AStoppedOneGetsAPageSayingSo_AndAStartedOneIsReachedAgain()
    {
        using var admin = await _silo.SignInAsAdminAsync();
        var (owner, _) = await StorageApi.NewUserAsync(_silo, admin);
        var app = ComputeApi.NewName("app");
        var created = await ComputeApi.CreateAsync(owner, new
        {
            name = ComputeApi.NewName("web"),
            ports = new[] { 8080 },
            command = new[] { "perl", "-e", AppServer },
            ingress = new[] { new { name = app, port = 8080 } },
        });
        var running = await ComputeApi.WaitRunningAsync(owner, created.Id);
        using var client = _edge.CreateClient();

        await ApiAssert.EventuallyAsync(async () =>
        {
            using var response = await client.GetAsync(_edge.Url($"{app}.apps.localhost", "/hello?x=1"));
            return response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync() == "hello from /hello?x=1";
        }, TimeSpan.FromSeconds(30), "the app answers through the edge");

        await ComputeApi.ActAsync(owner, running.Id, "stop", new { timeoutSeconds = 2 });
        await ComputeApi.WaitAsync(owner, running.Id, c => c.Status == "stopped", "stopped");
        await ApiAssert.EventuallyAsync(async () =>
        {
            using var response = await client.GetAsync(_edge.Url($"{app}.apps.localhost", "/"));
            var page = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.ServiceUnavailable && page.Contains("is stopped", StringComparison.Ordinal)
                && page.Contains(running.Name, StringComparison.Ordinal) && response.Headers.RetryAfter is not null;
        }, TimeSpan.FromSeconds(30), "a page naming the stopped container");

        await ComputeApi.ActAsync(owner, running.Id, "start");
        await ComputeApi.WaitAsync(owner, running.Id, c => c.Status == "running" && c.StartedAt != running.StartedAt, "running again");
        await ApiAssert.EventuallyAsync(async () =>
        {
            using var response = await client.GetAsync(_edge.Url($"{app}.apps.localhost", "/again"));
            return response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync() == "hello from /again";
        }, TimeSpan.FromSeconds(30), "the app answers again after its start");

        using var unknown = await client.GetAsync(_edge.Url($"nobody-{app}.apps.localhost", "/"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("No container publishes", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
