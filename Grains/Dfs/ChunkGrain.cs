using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using Orleans.Placement;
using EddCloud.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Grains.Dfs;

[GenerateSerializer, Alias("edd.dfs.chunk-state")]
public sealed record ChunkState
{
    [Id(0)] public ChunkInfo? Committed { get; init; }
    [Id(1)] public ChunkWritePlan? Pending { get; init; }
    /// <summary>The last version handed out; versions only grow, so a stale replica is always older.</summary>
    [Id(2)] public long LastVersion { get; init; }
    [Id(3)] public ImmutableArray<ReplicaLocation> BadReplicas { get; init; } = [];
    /// <summary>The file and upload that wrote this chunk; null for chunks written before owners were recorded.</summary>
    [Id(4)] public ChunkOwner? Owner { get; init; }
    /// <summary>Set once the owner's file was seen pointing at this chunk; from then on only the file's release deletes it.</summary>
    [Id(5)] public bool Referenced { get; init; }
    [Id(6)] public DateTimeOffset CommittedAt { get; init; }
    /// <summary>A tombstone: the chunk's file let go of it; every replica is garbage and the id is never reused.</summary>
    [Id(7)] public bool Deleted { get; init; }
}

// Activated where its writer runs: the coordinator talks to it several times per chunk.
[PreferLocalPlacement]
internal sealed partial class ChunkGrain(
    [PersistentState("chunk", StorageNames.Default)] IPersistentState<ChunkState> state,
    IOptions<DfsOptions> options,
    TimeProvider time,
    ILogger<ChunkGrain> logger) : Grain, IChunkGrain
{
    private Guid ChunkId => this.GetPrimaryKey();

    public async Task<ChunkWritePlan> BeginWriteAsync(long maxLength, ChunkOwner owner)
    {
        if (state.State.Committed is not null || state.State.Deleted)
            throw EddException.Conflict("This chunk is already written; chunks are written once.");
        if (maxLength < 0 || maxLength > options.Value.ChunkSize)
            throw EddException.Validation("maxLength", $"A chunk holds at most {options.Value.ChunkSize} bytes.");
        if (owner is null || string.IsNullOrEmpty(owner.Path))
            throw EddException.Validation("owner", "A chunk write names the file and upload it belongs to.");
        var now = time.GetUtcNow();
        if (state.State.Pending is { } pending && pending.Deadline > now)
            throw EddException.Conflict("A write of this chunk is already in progress.");

        var placement = await GrainFactory.GetGrain<IDfsClusterGrain>(IDfsClusterGrain.Key).PlaceAsync(options.Value.ReplicationFactor, maxLength);
        var plan = new ChunkWritePlan(ChunkId, state.State.LastVersion + 1, placement.Replicas, placement.Wanted, now + options.Value.WriteDeadline);
        await state.WriteAsync(state.State with { Pending = plan, LastVersion = plan.Version, Owner = owner });
        return plan;
    }

    public async Task<ChunkInfo> CommitAsync(long version, long length, uint crc32C, ImmutableArray<ReplicaLocation> prepared)
    {
        if (state.State.Committed is { } done)
        {
            // A retried commit of the decided version is answered again; anything else is refused.
            if (done.Version == version && done.Length == length && done.Crc32C == crc32C)
                return done;
            throw EddException.Conflict("This chunk is already committed with another version.");
        }
        if (state.State.Deleted)
            throw EddException.Conflict("This chunk was deleted.");
        if (state.State.Pending is not { } pending || pending.Version != version)
            throw EddException.Conflict($"Version {version} of this chunk is not pending; start the write again.");
        if (pending.Deadline <= time.GetUtcNow())
        {
            await state.WriteAsync(state.State with { Pending = null });
            throw EddException.Conflict("The chunk write passed its deadline and was abandoned; start it again.");
        }
        if (length < 0 || length > options.Value.ChunkSize)
            throw EddException.Validation("length", $"A chunk holds at most {options.Value.ChunkSize} bytes.");

        // Only replicas that were placed for this version count, each once.
        var counted = prepared.Where(p => pending.Replicas.Any(r => SameReplica(r, p)))
            .DistinctBy(p => (p.NodeName, p.DiskId))
            .Select(p => pending.Replicas.First(r => SameReplica(r, p)))
            .ToImmutableArray();
        var quorum = DfsOptions.QuorumFor(pending.Replicas.Length);
        if (counted.Length < quorum)
        {
            await state.WriteAsync(state.State with { Pending = null });
            LogAborted(logger, ChunkId, version, counted.Length, quorum);
            throw EddException.Conflict($"Only {counted.Length} of {pending.Replicas.Length} replicas prepared the chunk; {quorum} are needed. The write was aborted.");
        }

        var committed = new ChunkInfo(ChunkId, version, length, crc32C, counted, pending.Wanted);
        await state.WriteAsync(state.State with { Committed = committed, Pending = null, CommittedAt = time.GetUtcNow() });
        LogCommitted(logger, ChunkId, version, counted.Length, pending.Wanted);
        return committed;
    }

    public async Task AbortAsync(long version)
    {
        if (state.State.Pending?.Version == version)
            await state.WriteAsync(state.State with { Pending = null });
    }

    public Task<ChunkInfo?> GetAsync() => Task.FromResult(state.State.Committed);

    public async Task ReportBadReplicaAsync(string nodeName, string? diskId, string reason)
    {
        if (state.State.Committed is not { } chunk)
            return;
        bool Matches(ReplicaLocation r) => r.NodeName == nodeName && (diskId is null || r.DiskId == diskId);
        var bad = chunk.Replicas.Where(Matches).ToList();
        if (bad.Count == 0)
            return;
        var left = chunk.Replicas.RemoveAll(Matches);
        await state.WriteAsync(state.State with
        {
            Committed = chunk with { Replicas = left },
            BadReplicas = state.State.BadReplicas.AddRange(bad),
        });
        LogBadReplica(logger, ChunkId, nodeName, diskId, reason);
        await RequestRepairAsync(left.Length, chunk.Wanted);
    }

    public async Task<ReplicaDecision> ReconcileReplicaAsync(ReplicaReport replica, ImmutableArray<string> aliveNodes)
    {
        if (replica is null || string.IsNullOrEmpty(replica.NodeName) || string.IsNullOrEmpty(replica.DiskId) || replica.Version < 0 || aliveNodes.IsDefault)
            throw EddException.Validation("replica", "A replica report names its node, its disk and a non-negative version, with the list of live nodes.");
        var s = state.State;
        var wanted = s.Committed?.Wanted ?? options.Value.ReplicationFactor;
        ReplicaDecision Decide(ReplicaVerdict verdict, string reason, int live = 0) => new(verdict, reason, live, wanted);

        if (s.Deleted)
            return Decide(ReplicaVerdict.Delete, "its file let go of the chunk");
        if (s.LastVersion == 0 && s.Committed is null && s.Pending is null)
            return Decide(ReplicaVerdict.Unknown, "no metadata names this chunk");
        if (s.Pending is { } pending && pending.Version == replica.Version && pending.Deadline > time.GetUtcNow())
            return Decide(ReplicaVerdict.Keep, "its write is in progress");
        if (s.Committed is not { } chunk)
            return Decide(ReplicaVerdict.Delete, $"the write of version {replica.Version} was aborted or abandoned");
        if (replica.Version != chunk.Version)
            return Decide(ReplicaVerdict.Delete, $"version {replica.Version} lost; version {chunk.Version} is the committed one");
        if (!s.Referenced && await IsOrphanAsync())
            return Decide(ReplicaVerdict.Delete, "its upload never completed");

        var alive = aliveNodes.ToHashSet(StringComparer.Ordinal);
        var live = chunk.Replicas.Count(r => alive.Contains(r.NodeName));
        var location = new ReplicaLocation(replica.NodeName, replica.DiskId, "");
        if (chunk.Replicas.Any(r => SameReplica(r, location)))
        {
            // Counted, but the node kept only the staged file: it missed phase two and commits it after a check.
            return replica.Committed ? Decide(ReplicaVerdict.Keep, "a counted replica", live) : Decide(ReplicaVerdict.Adopt, "a counted replica that missed the commit", live);
        }
        if (live < chunk.Wanted && !chunk.Replicas.Any(r => r.NodeName == replica.NodeName && alive.Contains(r.NodeName)))
            return Decide(ReplicaVerdict.Adopt, "the chunk is short of replicas and this copy may be good", live);
        return Decide(ReplicaVerdict.Delete, "a surplus copy: the chunk has its replicas elsewhere", live);
    }

    public async Task<bool> AdoptReplicaAsync(ReplicaLocation replica, long version, long length, uint crc32C)
    {
        if (state.State.Committed is not { } chunk || state.State.Deleted || chunk.Version != version)
            return false;
        if (chunk.Length != length || chunk.Crc32C != crc32C)
        {
            LogAdoptRefused(logger, ChunkId, replica.NodeName, replica.DiskId);
            return false;
        }
        if (chunk.Replicas.Any(r => SameReplica(r, replica)))
            return true;
        await state.WriteAsync(state.State with { Committed = chunk with { Replicas = chunk.Replicas.Add(replica) } });
        LogAdopted(logger, ChunkId, replica.NodeName, replica.DiskId);
        return true;
    }

    public async Task<RepairPlan?> PlanRepairAsync(ImmutableArray<string> aliveNodes)
    {
        if (state.State.Committed is not { } chunk || state.State.Deleted)
            return null;
        var alive = aliveNodes.ToHashSet(StringComparer.Ordinal);
        var live = chunk.Replicas.Where(r => alive.Contains(r.NodeName)).ToImmutableArray();
        if (live.Length >= chunk.Wanted)
        {
            // Enough copies on live nodes: forget the ones on dead nodes; if those return, they are surplus.
            if (live.Length < chunk.Replicas.Length)
                await state.WriteAsync(state.State with { Committed = chunk with { Replicas = live } });
            return null;
        }
        if (live.IsEmpty)
            return null;
        // Every listed replica is avoided, dead ones included: a node this view counts as dead may still be up.
        var placement = await GrainFactory.GetGrain<IDfsClusterGrain>(IDfsClusterGrain.Key).PlaceMoreAsync(chunk.Wanted - live.Length, chunk.Length, chunk.Replicas);
        return placement.Replicas.IsEmpty ? null : new RepairPlan(ChunkId, chunk.Version, chunk.Length, chunk.Crc32C, live, placement.Replicas);
    }

    public async Task<bool> CompleteRepairAsync(long version, ImmutableArray<ReplicaLocation> added, ImmutableArray<string> aliveNodes)
    {
        if (state.State.Committed is not { } chunk || state.State.Deleted || chunk.Version != version)
            return false;
        var alive = aliveNodes.ToHashSet(StringComparer.Ordinal);
        var merged = chunk.Replicas.Where(r => alive.Contains(r.NodeName)).Concat(added).DistinctBy(r => (r.NodeName, r.DiskId)).ToList();
        var dead = chunk.Replicas.Where(r => !alive.Contains(r.NodeName)).ToList();
        // Replicas on dead nodes stay listed only while the chunk is still short: they may come back.
        var replicas = merged.Count >= chunk.Wanted ? merged : [.. merged, .. dead];
        await state.WriteAsync(state.State with { Committed = chunk with { Replicas = [.. replicas] } });
        LogRepaired(logger, ChunkId, added.Length, merged.Count, chunk.Wanted);
        return true;
    }

    public async Task DeleteAsync()
    {
        if (state.State.Deleted)
            return;
        var replicas = state.State.Committed?.Replicas ?? [];
        var version = state.State.Committed?.Version ?? state.State.LastVersion;
        await state.WriteAsync(state.State with { Deleted = true, Committed = null, Pending = null });
        // Reclaim the space now; a node that misses this deletes the replica at its next maintenance pass.
        await Task.WhenAll(replicas.Select(async r =>
        {
            try
            {
                await GrainFactory.GetGrain<IChunkServerGrain>(r.NodeName).DeleteReplicaAsync(ChunkId, version, r.DiskId)
                    .WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDeleteDeferred(logger, ChunkId, r.NodeName, ex.Message);
            }
        }));
    }

    /// <summary>A committed chunk whose upload failed: its file does not point at it and no upload holds it.</summary>
    private async Task<bool> IsOrphanAsync()
    {
        if (state.State.Owner is not { } owner)
            return false;
        var liveness = await GrainFactory.GetGrain<IDfsFileGrain>(owner.Path).GetChunkLivenessAsync(ChunkId, owner.UploadId);
        if (liveness == ChunkLiveness.Referenced)
        {
            await state.WriteAsync(state.State with { Referenced = true });
            return false;
        }
        // Released chunks are deleted by their file after the grace period; an upload in progress keeps its chunks.
        if (liveness != ChunkLiveness.Unreferenced || time.GetUtcNow() - state.State.CommittedAt < options.Value.GcGracePeriod)
            return false;
        await state.WriteAsync(state.State with { Deleted = true, Committed = null });
        LogOrphaned(logger, ChunkId, owner.Path);
        return true;
    }

    private async Task RequestRepairAsync(int live, int wanted)
    {
        try
        {
            await GrainFactory.GetGrain<IDfsRepairGrain>(IDfsRepairGrain.Key).EnqueueAsync([new RepairRequest(ChunkId, live, wanted, Repairable: true)]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The nodes' maintenance passes find the chunk again.
            LogRepairRequestFailed(logger, ChunkId, ex.Message);
        }
    }

    private static bool SameReplica(ReplicaLocation a, ReplicaLocation b) => a.NodeName == b.NodeName && a.DiskId == b.DiskId;

    [LoggerMessage(EventId = 8201, Level = LogLevel.Debug, Message = "Chunk {ChunkId} version {Version} committed on {Replicas} of {Wanted} replicas")]
    private static partial void LogCommitted(ILogger logger, Guid chunkId, long version, int replicas, int wanted);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Warning, Message = "Chunk {ChunkId} version {Version} aborted: {Prepared} prepared, {Quorum} needed")]
    private static partial void LogAborted(ILogger logger, Guid chunkId, long version, int prepared, int quorum);

    [LoggerMessage(EventId = 8203, Level = LogLevel.Warning, Message = "Chunk {ChunkId}: replica on {NodeName}/{DiskId} taken out of service: {Reason}")]
    private static partial void LogBadReplica(ILogger logger, Guid chunkId, string nodeName, string? diskId, string reason);

    [LoggerMessage(EventId = 8204, Level = LogLevel.Information, Message = "Chunk {ChunkId}: {Added} replicas copied; {Replicas} of {Wanted} live")]
    private static partial void LogRepaired(ILogger logger, Guid chunkId, int added, int replicas, int wanted);

    [LoggerMessage(EventId = 8205, Level = LogLevel.Information, Message = "Chunk {ChunkId}: replica on {NodeName}/{DiskId} verified and counted again")]
    private static partial void LogAdopted(ILogger logger, Guid chunkId, string nodeName, string diskId);

    [LoggerMessage(EventId = 8206, Level = LogLevel.Warning, Message = "Chunk {ChunkId}: replica on {NodeName}/{DiskId} offered with other bytes than committed; refused")]
    private static partial void LogAdoptRefused(ILogger logger, Guid chunkId, string nodeName, string diskId);

    [LoggerMessage(EventId = 8207, Level = LogLevel.Information, Message = "Chunk {ChunkId} of {Path} belongs to an upload that never completed; deleted")]
    private static partial void LogOrphaned(ILogger logger, Guid chunkId, string path);

    [LoggerMessage(EventId = 8208, Level = LogLevel.Warning, Message = "Chunk {ChunkId}: replica on {NodeName} not deleted now ({Reason}); its node's maintenance will")]
    private static partial void LogDeleteDeferred(ILogger logger, Guid chunkId, string nodeName, string reason);

    [LoggerMessage(EventId = 8209, Level = LogLevel.Warning, Message = "Chunk {ChunkId}: could not queue its repair ({Reason}); maintenance will find it")]
    private static partial void LogRepairRequestFailed(ILogger logger, Guid chunkId, string reason);
}
