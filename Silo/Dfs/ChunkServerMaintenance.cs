using System.Collections.Concurrent;
using EddCloud.Grains.Dfs;
using EddCloud.Silo.Dfs.Disks;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs;

/// <summary>
/// This node's side of garbage collection, reconciliation and repair: every replica on its disks is checked
/// against its chunk's metadata, at start, whenever the set of live nodes changes, and every
/// <see cref="DfsOptions.MaintenanceInterval"/>. Garbage is deleted only once older than the grace period and
/// only while the cluster view is complete; chunks short of replicas go to the repair queue.
/// </summary>
public sealed partial class ChunkServerMaintenance(
    IGrainFactory grains,
    IChunkStore store,
    ChunkServerHeartbeat heartbeat,
    DfsMetrics metrics,
    IOptions<DfsOptions> dfs,
    IOptions<EddOptions> edd,
    TimeProvider time,
    ILogger<ChunkServerMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private const int Parallelism = 8;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private DateTimeOffset _startedAt;

    /// <summary>The last pass's result (null before the first), for status and tests.</summary>
    public MaintenanceReport? LastReport { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _startedAt = time.GetUtcNow();
        long? lastEpoch = null;
        var lastPass = DateTimeOffset.MinValue;
        var deletionsDeferred = false;
        using var timer = new PeriodicTimer(Poll, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (heartbeat.View is not { } view)
                continue;
            var due = lastEpoch != view.Epoch || time.GetUtcNow() - lastPass >= dfs.Value.MaintenanceInterval
                || (deletionsDeferred && CanDelete(view));
            if (!due)
                continue;
            try
            {
                var report = await RunPassAsync(stoppingToken);
                deletionsDeferred = report.DeletionsDeferred;
                lastEpoch = view.Epoch;
                lastPass = time.GetUtcNow();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(logger, ex.Message);
                lastPass = time.GetUtcNow();
            }
        }
    }

    private bool CanDelete(DfsClusterView view) => view.Complete && time.GetUtcNow() - _startedAt >= dfs.Value.NodeTimeout;

    /// <summary>One pass over every replica of this node.</summary>
    public async Task<MaintenanceReport> RunPassAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var view = await grains.GetGrain<IDfsClusterGrain>(IDfsClusterGrain.Key).GetViewAsync();
            var canDelete = CanDelete(view);
            var node = edd.Value.NodeName;
            var replicas = new List<StoredReplica>();
            await foreach (var replica in store.ListAsync(cancellationToken))
                replicas.Add(replica);

            var requests = new ConcurrentBag<RepairRequest>();
            int kept = 0, adopted = 0, deleted = 0, deferred = 0, unknown = 0;
            await Parallel.ForEachAsync(replicas, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (replica, ct) =>
            {
                var chunk = grains.GetGrain<IChunkGrain>(replica.ChunkId);
                var decision = await chunk.ReconcileReplicaAsync(new ReplicaReport(node, replica.DiskId, replica.Version, replica.Committed), view.AliveNodes);
                switch (decision.Verdict)
                {
                    case ReplicaVerdict.Keep:
                        Interlocked.Increment(ref kept);
                        if (replica.Committed && decision.LiveReplicas < decision.Wanted)
                            requests.Add(new RepairRequest(replica.ChunkId, decision.LiveReplicas, decision.Wanted,
                                Repairable: decision.LiveReplicas < Math.Min(decision.Wanted, view.AliveDisks)));
                        break;
                    case ReplicaVerdict.Adopt:
                        if (await TryAdoptAsync(chunk, replica, ct))
                            Interlocked.Increment(ref adopted);
                        else if (await TryDeleteAsync(replica, canDelete, "a copy the chunk refused", ct))
                            Interlocked.Increment(ref deleted);
                        else
                            Interlocked.Increment(ref deferred);
                        break;
                    case ReplicaVerdict.Delete:
                        if (await TryDeleteAsync(replica, canDelete, decision.Reason, ct))
                            Interlocked.Increment(ref deleted);
                        else
                            Interlocked.Increment(ref deferred);
                        break;
                    default:
                        Interlocked.Increment(ref unknown);
                        break;
                }
            });

            if (!requests.IsEmpty)
            {
                var repair = grains.GetGrain<IDfsRepairGrain>(IDfsRepairGrain.Key);
                foreach (var batch in requests.Chunk(1000))
                    await repair.EnqueueAsync([.. batch]);
            }
            if (unknown > 0)
                LogUnknownReplicas(logger, unknown);
            var report = new MaintenanceReport(replicas.Count, kept, adopted, deleted, deferred, unknown, requests.Count, DeletionsDeferred: deferred > 0 && !canDelete);
            LastReport = report;
            LogPass(logger, report.Replicas, kept, adopted, deleted, deferred, unknown, report.UnderReplicated);
            return report;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Verifies a replica the chunk may count (committing a complete staged copy first) and offers it.</summary>
    private async Task<bool> TryAdoptAsync(IChunkGrain chunk, StoredReplica replica, CancellationToken cancellationToken)
    {
        try
        {
            if (!replica.Committed)
                await store.CommitAsync(replica.ChunkId, replica.Version, cancellationToken);
            var check = await store.VerifyAsync(replica.ChunkId, replica.Version, replica.DiskId, cancellationToken);
            if (!check.Present || check.BadBlocks.Count > 0)
                return false;
            return await chunk.AdoptReplicaAsync(new ReplicaLocation(edd.Value.NodeName, replica.DiskId, heartbeat.DataPlaneUrl), replica.Version, check.Length, check.Crc32C);
        }
        catch (ChunkStoreException ex)
        {
            LogAdoptFailed(logger, replica.ChunkId, ex.Message);
            return false;
        }
    }

    private async Task<bool> TryDeleteAsync(StoredReplica replica, bool canDelete, string reason, CancellationToken cancellationToken)
    {
        // Young files may belong to a write or a reader still in flight; the grace period covers both.
        if (!canDelete || time.GetUtcNow() - replica.ModifiedAt < dfs.Value.GcGracePeriod)
            return false;
        await store.RemoveFromDiskAsync(replica.ChunkId, replica.Version, replica.DiskId, cancellationToken);
        metrics.Reclaimed(replica.Length);
        LogDeleted(logger, replica.ChunkId, replica.Version, replica.DiskId, reason);
        return true;
    }

    [LoggerMessage(EventId = 8271, Level = LogLevel.Information, Message = "DFS maintenance: {Replicas} replicas, {Kept} kept, {Adopted} adopted, {Deleted} deleted, {Deferred} deletions deferred, {Unknown} unknown, {UnderReplicated} short of replicas")]
    private static partial void LogPass(ILogger logger, int replicas, int kept, int adopted, int deleted, int deferred, int unknown, int underReplicated);

    [LoggerMessage(EventId = 8272, Level = LogLevel.Warning, Message = "DFS maintenance pass failed: {Reason}; retried at the next interval")]
    private static partial void LogPassFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 8273, Level = LogLevel.Information, Message = "Replica of chunk {ChunkId} version {Version} on disk {DiskId} deleted: {Reason}")]
    private static partial void LogDeleted(ILogger logger, Guid chunkId, long version, string diskId, string reason);

    [LoggerMessage(EventId = 8274, Level = LogLevel.Warning, Message = "{Count} replicas on this node belong to chunks no metadata knows; they are kept. Run `edd dfs fsck` to list them.")]
    private static partial void LogUnknownReplicas(ILogger logger, int count);

    [LoggerMessage(EventId = 8275, Level = LogLevel.Warning, Message = "Replica of chunk {ChunkId} could not be checked for adoption: {Reason}")]
    private static partial void LogAdoptFailed(ILogger logger, Guid chunkId, string reason);
}

/// <summary>What one maintenance pass found and did on a node.</summary>
public sealed record MaintenanceReport(int Replicas, int Kept, int Adopted, int Deleted, int Deferred, int Unknown, int UnderReplicated, bool DeletionsDeferred);
