using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Persistence;
using Microsoft.Extensions.Options;

namespace EddCloud.Grains.Compute;

/// <summary>Where a container was placed and what its limits take there.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.placement")]
public sealed record Placement(
    [property: Id(0)] string Node,
    [property: Id(1)] decimal Cpus,
    [property: Id(2)] long MemoryBytes);

[GenerateSerializer, Alias("edd.compute.nodes-state")]
public sealed record ComputeNodesState
{
    [Id(0)] public ImmutableDictionary<Guid, Placement> Placements { get; init; } = ImmutableDictionary<Guid, Placement>.Empty;
}

internal sealed class ComputeNodesGrain(
    [PersistentState("compute-nodes", StorageNames.Default)] IPersistentState<ComputeNodesState> state,
    IOptions<ComputeOptions> options,
    TimeProvider time) : Grain, IComputeNodesGrain
{
    // Reports live in memory: after a move every node reports again within one watch interval.
    private readonly Dictionary<string, (NodeReport Report, DateTimeOffset At)> _reports = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> _announced = [];
    private DateTimeOffset _activatedAt;

    private TimeSpan PresenceWindow => TimeSpan.FromTicks(Math.Max(options.Value.WatchInterval.Ticks * 3, TimeSpan.FromSeconds(15).Ticks));

    public Task<int> ReportAsync(NodeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reports[report.Name] = (report, time.GetUtcNow());
        AnnounceDepartures();
        return Task.FromResult(state.State.Placements.Values.Count(placement => placement.Node == report.Name));
    }

    /// <summary>
    /// Once a node stops reporting, its containers reconcile at once (reported lost, or moved when they hold no
    /// node-local data) instead of at their next reminder tick; the reminders remain the guarantee.
    /// </summary>
    private void AnnounceDepartures()
    {
        _announced.RemoveWhere(containerId => !state.State.Placements.TryGetValue(containerId, out var placement) || IsPresent(placement.Node));
        foreach (var (containerId, placement) in state.State.Placements)
        {
            if (!IsPresent(placement.Node) && _announced.Add(containerId))
                GrainFactory.GetGrain<IContainerGrain>(containerId).ReconcileAsync().Ignore();
        }
    }

    public async Task<string> PlaceAsync(Guid containerId, decimal cpus, long memoryBytes, string? avoid)
    {
        if (state.State.Placements.TryGetValue(containerId, out var current) && current.Node != avoid && IsPresent(current.Node))
            return current.Node;

        var nodes = Nodes().Where(node => node.Present && node.EngineAvailable && node.Name != avoid).ToList();
        if (nodes.Count == 0)
        {
            throw new EddException(ErrorCodes.Unavailable, _reports.Count == 0
                ? "No node has reported a container engine yet; wait a few seconds, and check that podman is installed (scripts/install-deps.sh)."
                : "No node with a working container engine is present; check podman on the nodes (the silo's log says why it is unavailable).");
        }

        var chosen = nodes
            .OrderByDescending(node => node.MemoryBytes - node.AllocatedMemoryBytes)
            .ThenByDescending(node => node.Cpus - node.AllocatedCpus)
            .ThenBy(node => node.Name, StringComparer.Ordinal)
            .First();
        await state.WriteAsync(state.State with { Placements = state.State.Placements.SetItem(containerId, new Placement(chosen.Name, cpus, memoryBytes)) });
        return chosen.Name;
    }

    public async Task ReleaseAsync(Guid containerId)
    {
        if (state.State.Placements.ContainsKey(containerId))
            await state.WriteAsync(state.State with { Placements = state.State.Placements.Remove(containerId) });
    }

    public Task<bool> IsPresentAsync(string node) => Task.FromResult(IsPresent(node));

    public Task<ImmutableArray<ComputeNode>> ListAsync() => Task.FromResult(Nodes().ToImmutableArray());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = time.GetUtcNow();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Reported within the presence window; a node not heard from since this activation counts as present until one
    /// window has passed, so a move of this grain never makes live nodes look gone.
    /// </summary>
    private bool IsPresent(string node) => _reports.TryGetValue(node, out var entry)
        ? time.GetUtcNow() - entry.At <= PresenceWindow
        : time.GetUtcNow() - _activatedAt <= PresenceWindow;

    private IEnumerable<ComputeNode> Nodes()
    {
        var placed = state.State.Placements.Values.GroupBy(placement => placement.Node, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        foreach (var name in _reports.Keys.Concat(placed.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var placements = placed.GetValueOrDefault(name) ?? [];
            var known = _reports.TryGetValue(name, out var entry);
            yield return new ComputeNode(
                name,
                known ? entry.Report.Cpus : 0,
                known ? entry.Report.MemoryBytes : 0,
                known && entry.Report.EngineAvailable,
                placements.Sum(placement => placement.Cpus),
                placements.Sum(placement => placement.MemoryBytes),
                placements.Count,
                known ? entry.At : DateTimeOffset.MinValue,
                IsPresent(name));
        }
    }
}
