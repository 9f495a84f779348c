using EddCloud.Grains.Compute;
using EddCloud.Grains.Errors;

namespace EddCloud.Tests.Compute;

/// <summary>The scheduler on its own (a test cluster with a fake clock): placement by free memory, absent nodes, nodes without an engine.</summary>
[Collection(GrainsClusterCollection.Name)]
public sealed class ComputeNodesGrainTests(GrainsClusterFixture fixture)
{
    private const long GiB = 1024L * 1024 * 1024;

    [Fact]
    public async Task PlacesOnTheNodeWithTheMostFreeMemory_NeverOnAnAbsentOrEngineLessNode()
    {
        var nodes = fixture.Grains.GetGrain<IComputeNodesGrain>(0);
        var tag = Guid.NewGuid().ToString("N")[..6];
        string a = $"a-{tag}", b = $"b-{tag}", noEngine = $"c-{tag}";
        async Task ReportAsync(params string[] names)
        {
            foreach (var name in names)
                await nodes.ReportAsync(new NodeReport(name, 4, name == b ? 8 * GiB : 16 * GiB, name != noEngine));
        }

        await ReportAsync(a, b, noEngine);
        // a has 16 GiB, b 8 GiB, the engine-less node 16 GiB but no engine.
        var first = await nodes.PlaceAsync(Guid.NewGuid(), 1m, 9 * GiB, avoid: null);
        Assert.Equal(a, first);
        var second = await nodes.PlaceAsync(Guid.NewGuid(), 1m, 2 * GiB, avoid: null);
        Assert.Equal(b, second);
        var third = await nodes.PlaceAsync(Guid.NewGuid(), 1m, 1 * GiB, avoid: null);
        Assert.Equal(a, third);

        var listed = (await nodes.ListAsync()).Where(n => n.Name.EndsWith(tag, StringComparison.Ordinal)).ToDictionary(n => n.Name);
        Assert.Equal(10 * GiB, listed[a].AllocatedMemoryBytes);
        Assert.Equal(2, listed[a].Containers);
        Assert.Equal(2 * GiB, listed[b].AllocatedMemoryBytes);
        Assert.Equal(0, listed[noEngine].Containers);

        // a and b have 6 GiB free each: the tie goes to the one with more free CPU (b: 3 of 4 cores).
        var moving = Guid.NewGuid();
        Assert.Equal(b, await nodes.PlaceAsync(moving, 0.5m, GiB / 2, avoid: null));

        // b stops reporting: after the presence window it is away, and what was on it goes elsewhere when asked again.
        GrainsClusterFixture.Time.Advance(TimeSpan.FromSeconds(20));
        await ReportAsync(a, noEngine);
        Assert.False(await nodes.IsPresentAsync(b));
        Assert.True(await nodes.IsPresentAsync(a));
        Assert.Equal(a, await nodes.PlaceAsync(moving, 0.5m, GiB / 2, avoid: null));
        Assert.Equal(a, await nodes.PlaceAsync(Guid.NewGuid(), 0.5m, GiB / 2, avoid: b));

        // a away as well: only the engine-less node is left, and nothing is placed on it.
        GrainsClusterFixture.Time.Advance(TimeSpan.FromSeconds(20));
        await ReportAsync(noEngine);
        var refusal = await Assert.ThrowsAsync<EddException>(() => nodes.PlaceAsync(Guid.NewGuid(), 0.5m, GiB / 2, avoid: null));
        Assert.Equal(ErrorCodes.Unavailable, refusal.Code);
        Assert.Contains("podman", refusal.Message, StringComparison.Ordinal);
    }
}
