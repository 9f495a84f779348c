using System.Net.Http.Json;
using System.Text.Json;
using EddCloud.Tests.Dfs;
using EddCloud.Tests.Events;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Compute;

/// <summary>
/// Two silos (two nodes) on one PostgreSQL, one NATS and this machine's Podman: containers are spread by free memory,
/// and when a node dies its containers are reported lost, or moved to the other node when they hold no node-local
/// data; when it returns, what it kept runs on and what moved away is removed from it.
/// </summary>
[IntegrationTest]
public sealed class ComputeClusterTests(PostgresFixture postgres, NatsServerFixture nats) : IClassFixture<PostgresFixture>, IClassFixture<NatsServerFixture>, IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private readonly List<SiloProcess> _nodes = [];

    public async Task InitializeAsync()
    {
        var settings = DfsMaintenance.FastSettings(1024 * 1024);
        foreach (var (key, value) in ComputeApi.Settings())
            settings[key] = value;
        _nodes.AddRange(await DfsMaintenance.StartClusterAsync(postgres, nats, 2, settings, "compute"));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await ComputeApi.DisposeSiloAsync(node);
        }
    }

    [Fact]
    public async Task ContainersSpreadByFreeMemory_ANodeThatDies_LosesWhatItKeeps_AndMovesWhatItDoesNot()
    {
        using var admin = await _nodes[0].SignInAsAdminAsync();
        var (owner, user) = await StorageApi.NewUserAsync(_nodes[0], admin);
        // Equal limits one after another: the scheduler alternates between the two equal nodes, so each node gets
        // one container with a volume (pinned to it) and one without (free to move).
        var created = new List<ContainerBody>();
        foreach (var (name, volume) in new[] { ("movable-0", false), ("pinned-0", true), ("pinned-1", true), ("movable-1", false) })
            created.Add(await ComputeApi.CreateAsync(owner, new { name, volume, cpus = 0.25, memoryBytes = 64 * MiB }));

        var all = new List<ContainerBody>();
        foreach (var container in created)
            all.Add(await ComputeApi.WaitRunningAsync(owner, container.Id, 120));
        var byNode = all.GroupBy(c => c.Node!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(2, byNode.Count);
        Assert.All(byNode.Values, list => Assert.Equal([false, true], list.Select(c => c.Volume).Order()));

        var nodes = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/compute/nodes")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, nodes.Count(n => n.GetProperty("present").GetBoolean() && n.GetProperty("engineAvailable").GetBoolean()));
        Assert.All(nodes, n => Assert.Equal(128 * MiB, n.GetProperty("allocatedMemoryBytes").GetInt64()));

        // The node that holds movable-0 dies; the machine it ran on loses its containers too (they are killed).
        var doomedName = all.Single(c => c.Name == "movable-0").Node!;
        var doomed = _nodes.Single(n => $"node-{n.HttpPort}" == doomedName);
        var survivor = _nodes.Single(n => n != doomed);
        var lostOnes = byNode[doomedName];
        using var owner2 = await user.SignInAsync(survivor);
        await doomed.KillAsync();
        foreach (var container in lostOnes)
            await ComputeApi.PodmanAsync("kill", container.EngineName);

        var survivorName = $"node-{survivor.HttpPort}";
        foreach (var container in lostOnes)
        {
            if (container.Volume)
            {
                var lost = await ComputeApi.WaitAsync(owner2, container.Id, c => c.Status == "lost", "reported lost", 150);
                Assert.Contains(doomedName, lost.StatusReason, StringComparison.Ordinal);
                Assert.Equal(doomedName, lost.Node);
            }
            else
            {
                var moved = await ComputeApi.WaitAsync(owner2, container.Id, c => c.Status == "running" && c.Node == survivorName, "moved and running", 150);
                // A new container on the other node: a run of its own, and that node's engine has it.
                Assert.True(moved.StartedAt > container.StartedAt, "the moved container started anew");
                Assert.Equal(survivorName, (await ComputeApi.PodmanAsync("inspect", "--format", "{{index .Config.Labels \"eddcloud.node\"}}", moved.EngineName)).Output);
            }
        }

        // Containers on the surviving node were never touched.
        foreach (var container in byNode[survivorName])
            Assert.Equal(container.StartedAt, (await ComputeApi.WaitAsync(owner2, container.Id, _ => true, "an answer", 60)).StartedAt);

        // The node returns: its pinned container runs there again; the copy of the moved one is gone from it.
        await doomed.StartAsync();
        var pinnedThere = lostOnes.Single(c => c.Volume);
        await ComputeApi.WaitAsync(owner2, pinnedThere.Id, c => c.Status == "running" && c.Node == doomedName, "running again on its node", 150);
        var movedAway = lostOnes.Single(c => !c.Volume);
        await ApiAssert.EventuallyAsync(async () =>
            (await ComputeApi.PodmanAsync("ps", "-a", "--filter", $"label=eddcloud.node={doomedName}", "--filter", $"name={movedAway.EngineName}", "--format", "{{.Names}}")).Output.Length == 0,
            TimeSpan.FromSeconds(60), "the returning node dropped its copy of the container that moved away");
        Assert.Equal("running", (await ComputeApi.GetAsync(owner2, movedAway.Id)).Status);
    }
}
