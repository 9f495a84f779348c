using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace EddCloud.Grains.Dfs;

/// <summary>
/// Dispatches chunk repairs: fewest live replicas first, at most <see cref="DfsOptions.RepairConcurrency"/>
/// at once and within <see cref="DfsOptions.RepairBytesPerSecond"/> (a token bucket of one second).
/// Reentrant so the status and new requests are answered while copies run; the state is in memory.
/// </summary>
[Reentrant]
internal sealed partial class DfsRepairGrain(IOptions<DfsOptions> options, TimeProvider time, ILogger<DfsRepairGrain> logger) : Grain, IDfsRepairGrain
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    /// <summary>A failed repair waits this long: a target that just died or returned settles within a few heartbeats.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);
    /// <summary>Reports not repeated by a maintenance pass for this long are dropped (the chunk healed or was deleted).</summary>
    private TimeSpan Forget => options.Value.MaintenanceInterval * 3;

    private readonly Dictionary<Guid, Known> _known = [];
    private readonly HashSet<Guid> _running = [];
    private long _completed, _failed, _bytesCopied;
    private double _allowance;
    private DateTimeOffset _lastRefill;
    private IGrainTimer? _timer;

    private sealed record Known(RepairRequest Request, DateTimeOffset ReportedAt, DateTimeOffset NotBefore)
    {
        /// <summary>A copy can help: a free failure domain exists and a live replica to copy from.</summary>
        public bool Repairable => Request.Repairable && Request.LiveReplicas > 0;
    }

    public Task EnqueueAsync(ImmutableArray<RepairRequest> requests)
    {
        if (requests.IsDefault)
            throw EddException.Validation("requests", "No repair requests given.");
        var now = time.GetUtcNow();
        foreach (var request in requests)
        {
            var notBefore = _known.TryGetValue(request.ChunkId, out var known) ? known.NotBefore : now;
            _known[request.ChunkId] = new Known(request, now, notBefore);
        }
        _timer ??= this.RegisterGrainTimer(DispatchAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Tick) { KeepAlive = true, Interleave = true });
        return Task.CompletedTask;
    }

    public Task<DfsRepairStatus> GetStatusAsync()
    {
        var now = time.GetUtcNow();
        var current = _known.Values.Where(k => now - k.ReportedAt < Forget).ToList();
        return Task.FromResult(new DfsRepairStatus(
            UnderReplicated: current.Count,
            Repairable: current.Count(k => k.Repairable),
            Queued: current.Count(k => k.Repairable && !_running.Contains(k.Request.ChunkId)),
            InProgress: _running.Count,
            Completed: _completed,
            Failed: _failed,
            BytesCopied: _bytesCopied,
            Lost: current.Count(k => k.Request.LiveReplicas == 0)));
    }

    private Task DispatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rate = options.Value.RepairBytesPerSecond;
        _allowance = Math.Min(rate, _allowance + rate * Math.Max(0, (now - _lastRefill).TotalSeconds));
        _lastRefill = now;
        foreach (var stale in _known.Where(k => now - k.Value.ReportedAt >= Forget && !_running.Contains(k.Key)).Select(k => k.Key).ToList())
            _known.Remove(stale);

        // Most endangered first: the fewest live replicas, then the largest shortfall, then the oldest report.
        var next = _known.Values
            .Where(k => k.Repairable && k.NotBefore <= now && !_running.Contains(k.Request.ChunkId))
            .OrderBy(k => k.Request.LiveReplicas)
            .ThenByDescending(k => k.Request.Wanted - k.Request.LiveReplicas)
            .ThenBy(k => k.ReportedAt)
            .Take(Math.Max(0, options.Value.RepairConcurrency - _running.Count))
            .ToList();
        foreach (var known in next)
        {
            if (_allowance <= 0)
                break;
            _running.Add(known.Request.ChunkId);
            _ = RepairAsync(known);
        }
        if (_known.Count == 0 && _running.Count == 0)
        {
            _timer?.Dispose();
            _timer = null;
        }
        return Task.CompletedTask;
    }

    private async Task RepairAsync(Known known)
    {
        var chunkId = known.Request.ChunkId;
        try
        {
            var view = await GrainFactory.GetGrain<IDfsClusterGrain>(IDfsClusterGrain.Key).GetViewAsync();
            var chunk = GrainFactory.GetGrain<IChunkGrain>(chunkId);
            var plan = await chunk.PlanRepairAsync(view.AliveNodes);
            if (plan is null)
            {
                // Healthy now, deleted, or no failure domain left: the next pass reports it again if it still needs work.
                _known.Remove(chunkId);
                return;
            }
            _allowance -= (double)plan.Length * plan.Targets.Length;
            var copies = await Task.WhenAll(plan.Targets.Select(async target =>
            {
                try
                {
                    var check = await GrainFactory.GetGrain<IChunkServerGrain>(target.NodeName)
                        .CopyReplicaAsync(new ReplicaCopy(chunkId, plan.Version, plan.Length, plan.Crc32C, target.DiskId, plan.Sources));
                    return (Target: target, Error: check.Present && check.Error is null ? null : check.Error ?? "the copy is missing");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return (Target: target, Error: ex.Message);
                }
            }));
            var added = copies.Where(c => c.Error is null).Select(c => c.Target).ToImmutableArray();
            foreach (var (target, error) in copies.Where(c => c.Error is not null))
                LogCopyFailed(logger, chunkId, target.NodeName, error!);
            if (!added.IsEmpty && await chunk.CompleteRepairAsync(plan.Version, added, view.AliveNodes))
            {
                _completed++;
                _bytesCopied += plan.Length * added.Length;
            }
            if (added.Length == plan.Targets.Length)
            {
                _known.Remove(chunkId);
            }
            else
            {
                _failed++;
                _known[chunkId] = known with { NotBefore = time.GetUtcNow() + RetryDelay };
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failed++;
            _known[chunkId] = known with { NotBefore = time.GetUtcNow() + RetryDelay };
            LogRepairFailed(logger, chunkId, ex.Message);
        }
        finally
        {
            _running.Remove(chunkId);
        }
    }

    [LoggerMessage(EventId = 8251, Level = LogLevel.Warning, Message = "Repair of chunk {ChunkId}: copy to {NodeName} failed: {Reason}")]
    private static partial void LogCopyFailed(ILogger logger, Guid chunkId, string nodeName, string reason);

    [LoggerMessage(EventId = 8252, Level = LogLevel.Warning, Message = "Repair of chunk {ChunkId} failed, retried in 10 s: {Reason}")]
    private static partial void LogRepairFailed(ILogger logger, Guid chunkId, string reason);
}
