using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Routing;

/// <summary>
/// A silo, an edge in front of it with a routes.yaml of the test's making, and two plain backends (A and B) for
/// routes to point at. The edge's timeouts are short so tests of slow clients and servers stay quick.
/// </summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    /// <summary>
    /// How long a client may take to send its headers. Short, but well above what a normal request takes on a loaded
    /// machine, so a request that waited for slow-header clients to be dropped stands out.
    /// </summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    public SiloProcess Silo { get; private set; } = null!;
    public EdgeProcess Edge { get; private set; } = null!;
    public TestBackend A { get; private set; } = null!;
    public TestBackend B { get; private set; } = null!;
    public string RoutesFile { get; } = Path.Combine(Directory.CreateTempSubdirectory("edd-routes-").FullName, "routes.yaml");

    public async Task InitializeAsync()
    {
        A = await TestBackend.StartAsync("A");
        B = await TestBackend.StartAsync("B");
        await File.WriteAllTextAsync(RoutesFile, "routes: []\n");
        Silo = await SiloProcess.StartAsync();
        Edge = await EdgeProcess.StartAsync(Silo, new Dictionary<string, string>
        {
            ["EDD_EDGE__ROUTES_FILE"] = RoutesFile,
            ["EDD_EDGE__REQUEST_HEADERS_TIMEOUT"] = RequestHeadersTimeout.ToString(),
            ["EDD_EDGE__BACKEND_RESPONSE_TIMEOUT"] = "00:00:03",
            ["EDD_EDGE__REQUESTS_PER_SECOND_PER_IP"] = "0",
        });
    }

    /// <summary>Replaces routes.yaml and waits until the edge routes by it (probed through <paramref name="probe"/>).</summary>
    public async Task WriteRoutesAsync(string yaml, Func<Task<bool>> probe)
    {
        await File.WriteAllTextAsync(RoutesFile, yaml);
        await Users.ApiAssert.EventuallyAsync(probe, TimeSpan.FromSeconds(60), "the edge routes by the new routes.yaml");
    }

    public async Task DisposeAsync()
    {
        await Edge.DisposeAsync();
        await Silo.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(RoutesFile)!, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeFixture>
{
    public const string Name = "edge";
}
