using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Persistence;
using Microsoft.Extensions.Options;

namespace EddCloud.Grains.Dfs;

[GenerateSerializer, Alias("edd.dfs.cluster-state")]
public sealed record DfsClusterState
{
    [Id(0)] public ImmutableDictionary<string, NodeRecord> Nodes { get; init; } = ImmutableDictionary<string, NodeRecord>.Empty;
}

[GenerateSerializer, Immutable, Alias("edd.dfs.node-record")]
public sealed record NodeRecord(
    [property: Id(0)] string DataPlaneUrl,
    [property: Id(1)] ImmutableArray<DiskReport> Disks,
    [property: Id(2)] DateTimeOffset LastSeen);

internal sealed class DfsClusterGrain(
    [PersistentState("cluster", StorageNames.Default)] IPersistentState<DfsClusterState> state,
    IOptions<DfsOptions> options,
    TimeProvider time) : Grain, IDfsClusterGrain
{
    /// <summary>Liveness changes often; the registry of nodes and disks is persisted only when it changes.</summary>
    private readonly Dictionary<string, Beat> _latest = new(StringComparer.Ordinal);
    private DateTimeOffset _activatedAt;
    private ImmutableArray<string> _alive = [];
    private DateTimeOffset _aliveChangedAt;
    private long _epoch;

    private sealed record Beat(NodeHeartbeat Heartbeat, DateTimeOffset At, double InPerSecond, double OutPerSecond);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = _aliveChangedAt = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public async Task<DfsClusterView> HeartbeatAsync(NodeHeartbeat heartbeat)
    {
        if (string.IsNullOrWhiteSpace(heartbeat.NodeName) || heartbeat.Disks.IsDefault || heartbeat.Counters is null)
            throw EddException.Validation("nodeName", "A heartbeat needs a node name, its disks and its counters.");
        var now = time.GetUtcNow();
        var (inRate, outRate) = (0.0, 0.0);
        if (_latest.TryGetValue(heartbeat.NodeName, out var previous) && now > previous.At
            && heartbeat.Counters.BytesIn >= previous.Heartbeat.Counters.BytesIn && heartbeat.Counters.BytesOut >= previous.Heartbeat.Counters.BytesOut)
        {
            var seconds = (now - previous.At).TotalSeconds;
            inRate = (heartbeat.Counters.BytesIn - previous.Heartbeat.Counters.BytesIn) / seconds;
            outRate = (heartbeat.Counters.BytesOut - previous.Heartbeat.Counters.BytesOut) / seconds;
        }
        _latest[heartbeat.NodeName] = new Beat(heartbeat, now, inRate, outRate);
        var known = state.State.Nodes.GetValueOrDefault(heartbeat.NodeName);
        var sameDisks = known is not null && known.Disks.Select(d => d.DiskId).SequenceEqual(heartbeat.Disks.Select(d => d.DiskId));
        // Last-seen times are persisted too (a third of the timeout stale at most, not every beat), so liveness
        // survives this grain moving to another silo; otherwise writes right after a move would get fewer replicas.
        if (known is null || known.DataPlaneUrl != heartbeat.DataPlaneUrl || !sameDisks || now - known.LastSeen >= options.Value.NodeTimeout / 3)
        {
            var record = new NodeRecord(heartbeat.DataPlaneUrl, heartbeat.Disks, now);
            await state.WriteAsync(state.State with { Nodes = state.State.Nodes.SetItem(heartbeat.NodeName, record) });
        }
        return View();
    }

    public Task<ImmutableArray<DfsNode>> ListNodesAsync() => Task.FromResult(Nodes().ToImmutableArray());

    public Task<DfsClusterView> GetViewAsync() => Task.FromResult(View());

    public Task<Placement> PlaceAsync(int wanted, long bytes) => Task.FromResult(Place(wanted, bytes, []));

    public Task<Placement> PlaceMoreAsync(int more, long bytes, ImmutableArray<ReplicaLocation> existing) =>
        Task.FromResult(Place(more, bytes, existing.IsDefault ? [] : existing));

    /// <summary>
    /// Greedy, one replica at a time: a disk on the node holding the fewest replicas of this chunk, freest
    /// first. That spreads over nodes first and uses a second disk of a node only when nodes run out.
    /// </summary>
    private Placement Place(int wanted, long bytes, ImmutableArray<ReplicaLocation> existing)
    {
        if (wanted < 1)
            throw EddException.Validation("replicationFactor", "At least one replica is needed.");
        var live = Nodes().Where(n => n.Alive).ToList();
        var perNode = existing.GroupBy(r => r.NodeName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var usedDisks = existing.Select(r => (r.NodeName, r.DiskId)).ToHashSet();
        var chosen = new List<ReplicaLocation>();
        while (chosen.Count < wanted)
        {
            var pick = live
                .SelectMany(n => n.Disks.Where(d => d.FreeBytes >= bytes && !usedDisks.Contains((n.NodeName, d.DiskId))).Select(d => (Node: n, Disk: d)))
                .OrderBy(c => perNode.GetValueOrDefault(c.Node.NodeName))
                .ThenByDescending(c => c.Node.Disks.Sum(d => d.FreeBytes))
                .ThenByDescending(c => c.Disk.FreeBytes)
                .ThenBy(c => c.Node.NodeName, StringComparer.Ordinal)
                .FirstOrDefault();
            if (pick.Node is null)
                break;
            usedDisks.Add((pick.Node.NodeName, pick.Disk.DiskId));
            perNode[pick.Node.NodeName] = perNode.GetValueOrDefault(pick.Node.NodeName) + 1;
            chosen.Add(new ReplicaLocation(pick.Node.NodeName, pick.Disk.DiskId, pick.Node.DataPlaneUrl));
        }
        if (chosen.Count == 0 && existing.IsEmpty)
            throw new EddException(ErrorCodes.Unavailable, "No live node has a disk with room for this chunk; check `edd dfs status`.");
        return new Placement([.. chosen], wanted);
    }

    private DfsClusterView View()
    {
        var now = time.GetUtcNow();
        var nodes = Nodes().ToList();
        var alive = nodes.Where(n => n.Alive).Select(n => n.NodeName).ToImmutableArray();
        if (!alive.SequenceEqual(_alive))
        {
            _alive = alive;
            _aliveChangedAt = now;
            _epoch++;
        }
        // Every live node reports within the timeout: before one full timeout passed since this grain
        // started or the live set changed, some node's view may be missing.
        var settled = now - _activatedAt >= options.Value.NodeTimeout && now - _aliveChangedAt >= options.Value.NodeTimeout;
        return new DfsClusterView(alive, nodes.Where(n => n.Alive).Sum(n => n.Disks.Length), settled, _epoch,
            nodes.Where(n => n.Alive).ToImmutableDictionary(n => n.NodeName, n => n.BytesOutPerSecond, StringComparer.Ordinal));
    }

    private IEnumerable<DfsNode> Nodes()
    {
        var now = time.GetUtcNow();
        foreach (var (name, record) in state.State.Nodes.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            if (_latest.TryGetValue(name, out var beat))
            {
                var alive = now - beat.At < options.Value.NodeTimeout;
                yield return new DfsNode(name, record.DataPlaneUrl, beat.Heartbeat.Disks, beat.At, alive, beat.Heartbeat.Counters,
                    alive ? beat.InPerSecond : 0, alive ? beat.OutPerSecond : 0);
            }
            else
            {
                // Nothing heard since this grain started: the persisted last-seen time decides.
                yield return new DfsNode(name, record.DataPlaneUrl, record.Disks, record.LastSeen, now - record.LastSeen < options.Value.NodeTimeout, DfsNodeCounters.Zero, 0, 0);
            }
        }
    }
}
