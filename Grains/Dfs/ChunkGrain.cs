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

    public async Task<ChunkWritePlan> BeginWriteAsync(long maxLength)
    {
        if (state.State.Committed is not null)
            throw EddException.Conflict("This chunk is already written; chunks are written once.");
        if (maxLength < 0 || maxLength > options.Value.ChunkSize)
            throw EddException.Validation("maxLength", $"A chunk holds at most {options.Value.ChunkSize} bytes.");
        var now = time.GetUtcNow();
        if (state.State.Pending is { } pending && pending.Deadline > now)
            throw EddException.Conflict("A write of this chunk is already in progress.");

        var placement = await GrainFactory.GetGrain<IDfsClusterGrain>(IDfsClusterGrain.Key).PlaceAsync(options.Value.ReplicationFactor, maxLength);
        var plan = new ChunkWritePlan(ChunkId, state.State.LastVersion + 1, placement.Replicas, placement.Wanted, now + options.Value.WriteDeadline);
        await state.WriteAsync(state.State with { Pending = plan, LastVersion = plan.Version });
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
        var counted = prepared.Where(p => pending.Replicas.Any(r => r.NodeName == p.NodeName && r.DiskId == p.DiskId))
            .DistinctBy(p => (p.NodeName, p.DiskId))
            .Select(p => pending.Replicas.First(r => r.NodeName == p.NodeName && r.DiskId == p.DiskId))
            .ToImmutableArray();
        var quorum = DfsOptions.QuorumFor(pending.Replicas.Length);
        if (counted.Length < quorum)
        {
            await state.WriteAsync(state.State with { Pending = null });
            LogAborted(logger, ChunkId, version, counted.Length, quorum);
            throw EddException.Conflict($"Only {counted.Length} of {pending.Replicas.Length} replicas prepared the chunk; {quorum} are needed. The write was aborted.");
        }

        var committed = new ChunkInfo(ChunkId, version, length, crc32C, counted, pending.Wanted);
        await state.WriteAsync(state.State with { Committed = committed, Pending = null });
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
        await state.WriteAsync(state.State with
        {
            Committed = chunk with { Replicas = chunk.Replicas.RemoveAll(Matches) },
            BadReplicas = state.State.BadReplicas.AddRange(bad),
        });
        LogBadReplica(logger, ChunkId, nodeName, diskId, reason);
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Information, Message = "Chunk {ChunkId} version {Version} committed on {Replicas} of {Wanted} replicas")]
    private static partial void LogCommitted(ILogger logger, Guid chunkId, long version, int replicas, int wanted);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Warning, Message = "Chunk {ChunkId} version {Version} aborted: {Prepared} prepared, {Quorum} needed")]
    private static partial void LogAborted(ILogger logger, Guid chunkId, long version, int prepared, int quorum);

    [LoggerMessage(EventId = 8203, Level = LogLevel.Warning, Message = "Chunk {ChunkId}: replica on {NodeName}/{DiskId} taken out of service: {Reason}")]
    private static partial void LogBadReplica(ILogger logger, Guid chunkId, string nodeName, string? diskId, string reason);
}
