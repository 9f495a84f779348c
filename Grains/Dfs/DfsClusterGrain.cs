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
    private readonly Dictionary<string, NodeHeartbeat> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public async Task HeartbeatAsync(NodeHeartbeat heartbeat)
    {
        if (string.IsNullOrWhiteSpace(heartbeat.NodeName) || heartbeat.Disks.IsDefault)
            throw EddException.Validation("nodeName", "A heartbeat needs a node name and its disks.");
        var now = time.GetUtcNow();
        _latest[heartbeat.NodeName] = heartbeat;
        _seen[heartbeat.NodeName] = now;
        var known = state.State.Nodes.GetValueOrDefault(heartbeat.NodeName);
        var sameDisks = known is not null && known.Disks.Select(d => d.DiskId).SequenceEqual(heartbeat.Disks.Select(d => d.DiskId));
        if (known is null || known.DataPlaneUrl != heartbeat.DataPlaneUrl || !sameDisks)
        {
            var record = new NodeRecord(heartbeat.DataPlaneUrl, heartbeat.Disks, now);
            await state.WriteAsync(state.State with { Nodes = state.State.Nodes.SetItem(heartbeat.NodeName, record) });
        }
    }

    public Task<ImmutableArray<DfsNode>> ListNodesAsync() => Task.FromResult(Nodes().ToImmutableArray());

    public Task<Placement> PlaceAsync(int wanted, long bytes)
    {
        if (wanted < 1)
            throw EddException.Validation("replicationFactor", "At least one replica is needed.");
        var live = Nodes().Where(n => n.Alive).ToList();
        var chosen = new List<ReplicaLocation>();
        var usedDisks = new HashSet<(string, string)>();
        // Round one: one replica per node, freest disk of the freest nodes first. Later rounds
        // add second disks of the same nodes only when there are fewer nodes than replicas.
        for (var round = 0; chosen.Count < wanted && round < 64; round++)
        {
            var added = false;
            foreach (var node in live.OrderByDescending(n => n.Disks.Sum(d => d.FreeBytes)).ThenBy(n => n.NodeName, StringComparer.Ordinal))
            {
                if (chosen.Count >= wanted)
                    break;
                var disk = node.Disks
                    .Where(d => d.FreeBytes >= bytes && !usedDisks.Contains((node.NodeName, d.DiskId)))
                    .OrderByDescending(d => d.FreeBytes)
                    .FirstOrDefault();
                if (disk is null)
                    continue;
                usedDisks.Add((node.NodeName, disk.DiskId));
                chosen.Add(new ReplicaLocation(node.NodeName, disk.DiskId, node.DataPlaneUrl));
                added = true;
            }
            if (!added)
                break;
        }
        if (chosen.Count == 0)
            throw new EddException(ErrorCodes.Unavailable, "No live node has a disk with room for this chunk; check `edd dfs status`.");
        return Task.FromResult(new Placement([.. chosen], wanted));
    }

    private IEnumerable<DfsNode> Nodes()
    {
        var now = time.GetUtcNow();
        foreach (var (name, record) in state.State.Nodes.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            var seen = _seen.GetValueOrDefault(name, DateTimeOffset.MinValue);
            var disks = _latest.TryGetValue(name, out var latest) ? latest.Disks : record.Disks;
            // After a restart of this grain nothing was heard yet: nodes count as down until they report.
            yield return new DfsNode(name, record.DataPlaneUrl, disks, seen == DateTimeOffset.MinValue ? record.LastSeen : seen,
                seen != DateTimeOffset.MinValue && now - seen < options.Value.NodeTimeout);
        }
    }
}
