using System.Buffers;
using System.Collections.Immutable;
using System.Security.Cryptography;
using EddCloud.Grains.Dfs;
using EddCloud.Grains.Errors;
using EddCloud.Silo.Dfs.DataPlane;
using EddCloud.Silo.Dfs.Disks;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs;

/// <summary>
/// The coordinator of file transfers: it streams a file into chunks through the data plane
/// (two-phase commit per chunk, see docs/dfs.md) and streams it back out with replica failover.
/// Memory per transfer is one copy buffer plus the data plane's small per-replica windows (two chunks'
/// worth while a write overlaps one chunk's commit with the next chunk's bytes).
/// </summary>
public sealed partial class DfsFiles(
    IGrainFactory grains,
    DataPlaneClient dataPlane,
    DataPlaneTokens tokens,
    IChunkStore store,
    IOptions<DfsOptions> dfs,
    IOptions<DataPlaneOptions> dataPlaneOptions,
    IOptions<EddOptions> edd,
    ChunkServerHeartbeat heartbeat,
    ILogger<DfsFiles> logger)
{
    private const int CopyBufferBytes = 256 * 1024;

    // How often phase two asks a replica to commit before the replica is reported as having missed it.
    private const int PhaseTwoAttempts = 3;

    /// <summary>
    /// Writes a whole file; its new version becomes visible only when every chunk is committed.
    /// Chunk N's answers (the replicas' fsync), commit and phase two run while chunk N+1 streams, so at
    /// most two chunks are in flight: one streaming through its small per-replica windows, one finishing.
    /// Any failure cancels both, aborts their replicas and fails the upload; the old version stays.
    /// </summary>
    /// <param name="progress">Bytes read from <paramref name="body"/> and sent to the replicas so far.</param>
    /// <param name="committed">Bytes whose chunks are committed (the file's new version is visible only at the end).</param>
    public async Task<DfsWriteResult> WriteAsync(
        string rawPath, Stream body, IProgress<long>? progress, CancellationToken cancellationToken,
        DfsFileAttributes? attributes = null, IProgress<long>? committed = null, bool onlyIfAbsent = false)
    {
        var path = DfsPath.Normalize(rawPath);
        var chunkSize = dfs.Value.ChunkSize;
        var owner = new ChunkOwner(path, Guid.NewGuid());
        var file = grains.GetGrain<IDfsFileGrain>(path);
        // The lease keeps this upload's committed chunks from the garbage collector while it runs.
        await TransientGrainCalls.RetryAsync(() => file.KeepUploadAliveAsync(owner.UploadId), cancellationToken);
        await using var lease = new UploadLease(file, owner.UploadId, dfs.Value.UploadLease / 4);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        // Cancelled by the caller, or by a finishing chunk that failed, so the streaming one stops at once.
        using var upload = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        StreamedChunk? streaming = null;
        Task<(FileChunk Chunk, ChunkInfo Info)>? finishing = null;
        try
        {
            var chunks = ImmutableArray.CreateBuilder<FileChunk>();
            var minReplicas = int.MaxValue;
            var wanted = dfs.Value.ReplicationFactor;
            long total = 0, committedBytes = 0;
            void Finished((FileChunk Chunk, ChunkInfo Info) done)
            {
                chunks.Add(done.Chunk);
                committedBytes += done.Chunk.Length;
                committed?.Report(committedBytes);
                minReplicas = Math.Min(minReplicas, done.Info.Replicas.Length);
                wanted = done.Info.Wanted;
            }

            while (true)
            {
                var first = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, chunkSize)), upload.Token);
                if (first == 0)
                    break;
                streaming = await StreamChunkAsync(owner, body, buffer, first, sha, progress, total, upload.Token);
                total += streaming.Length;
                if (finishing is not null)
                    Finished(await finishing);
                var endOfBody = streaming.EndOfBody;
                finishing = FinishChunkAsync(streaming, upload);
                streaming = null;
                if (endOfBody)
                    break;
            }
            if (finishing is not null)
                Finished(await finishing);
            var sha256 = Convert.ToHexStringLower(sha.GetHashAndReset());
            var result = await TransientGrainCalls.RetryAsync(
                () => file.CommitVersionAsync(owner.UploadId, total, sha256, chunks.ToImmutable(), attributes, onlyIfAbsent), cancellationToken);
            lease.Committed();
            return new DfsWriteResult(result.File, chunks.Count == 0 ? wanted : minReplicas, wanted, result.ReplacedSize);
        }
        catch (Exception failure)
        {
            // A cancellation the caller did not ask for comes from the finishing chunk: its error is the one to report.
            var finishingFailed = failure is OperationCanceledException && !cancellationToken.IsCancellationRequested;
            await upload.CancelAsync();
            if (streaming is not null)
                await AbandonAsync(streaming);
            if (finishing is not null)
            {
                try
                {
                    await finishing;
                }
                catch (Exception) when (!finishingFailed)
                {
                    // The upload already failed for the reason rethrown below; this chunk cleaned up after itself.
                }
            }
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A chunk whose bytes all went to its replicas; its writer is not completed yet.</summary>
    private sealed record StreamedChunk(Guid ChunkId, IChunkGrain Grain, ChunkWritePlan Plan, ReplicaTarget[] Targets,
        ChunkFanOutWriter Writer, long Length, bool EndOfBody);

    /// <summary>One chunk's first half: place it, then stream its bytes to every replica at once.</summary>
    private async Task<StreamedChunk> StreamChunkAsync(
        ChunkOwner owner, Stream body, byte[] buffer, int firstBytes, IncrementalHash sha, IProgress<long>? progress, long writtenBefore, CancellationToken cancellationToken)
    {
        var chunkSize = dfs.Value.ChunkSize;
        var chunkId = Guid.NewGuid();
        var grain = grains.GetGrain<IChunkGrain>(chunkId);
        // Retried only for a dead silo; if an earlier attempt did register a pending write, the grain
        // refuses the second one with a conflict, so the upload fails clearly rather than writing twice.
        var plan = await TransientGrainCalls.RetryAsync(() => grain.BeginWriteAsync(chunkSize, owner), cancellationToken);
        var targets = await Task.WhenAll(plan.Replicas.Select(async r => new ReplicaTarget(r.NodeName, new Uri(r.DataPlaneUrl), r.DiskId,
            await tokens.IssueAsync(new DataPlaneGrant(chunkId, plan.Version, DataPlaneAccess.Write, r.DiskId, chunkSize, r.NodeName)))));

        var writer = ChunkFanOutWriter.Start(dataPlane, targets, dataPlaneOptions.Value.StepTimeout, cancellationToken);
        var streamed = new StreamedChunk(chunkId, grain, plan, targets, writer, 0, false);
        try
        {
            long inChunk = 0;
            var count = firstBytes;
            while (true)
            {
                await writer.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
                sha.AppendData(buffer, 0, count);
                inChunk += count;
                progress?.Report(writtenBefore + inChunk);
                if (inChunk == chunkSize)
                    return streamed with { Length = inChunk };
                count = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, chunkSize - inChunk)), cancellationToken);
                if (count == 0)
                    return streamed with { Length = inChunk, EndOfBody = true };
            }
        }
        catch
        {
            await AbandonAsync(streamed);
            throw;
        }
    }

    /// <summary>
    /// One chunk's second half: end the replicas' bodies and wait for their fsync, decide, then tell the
    /// replicas. A failure cancels <paramref name="upload"/>, so the chunk streaming meanwhile stops too.
    /// </summary>
    private async Task<(FileChunk Chunk, ChunkInfo Info)> FinishChunkAsync(StreamedChunk streamed, CancellationTokenSource upload)
    {
        try
        {
            return await FinishChunkCoreAsync(streamed, upload.Token);
        }
        catch
        {
            await upload.CancelAsync();
            throw;
        }
    }

    private async Task<(FileChunk Chunk, ChunkInfo Info)> FinishChunkCoreAsync(StreamedChunk streamed, CancellationToken cancellationToken)
    {
        var (chunkId, grain, plan, targets, writer, _, _) = streamed;
        FanOutResult result;
        try
        {
            result = await writer.CompleteAsync(cancellationToken);
        }
        catch
        {
            await AbandonAsync(streamed);
            throw;
        }
        await writer.DisposeAsync();

        var prepared = new List<ReplicaLocation>();
        for (var i = 0; i < targets.Length; i++)
        {
            if (result.Matching.Any(p => ReferenceEquals(p.Target, targets[i])))
                prepared.Add(plan.Replicas[i]);
            else
                LogReplicaNotPrepared(logger, chunkId, targets[i].NodeName,
                    result.Replicas[i] is ReplicaWriteOutcome.Failed failed ? failed.Reason : "length or CRC32C differ from what was sent");
        }

        ChunkInfo info;
        try
        {
            // Commit is idempotent for the same version, length and CRC, so retrying it is safe.
            info = await TransientGrainCalls.RetryAsync(() => grain.CommitAsync(plan.Version, result.Length, result.Crc32C, [.. prepared]), cancellationToken);
        }
        catch
        {
            await Task.WhenAll(targets.Select(t => TryManageAsync(t, chunkId, plan.Version, commit: false)));
            throw;
        }

        // Phase two: the decision is durable. A member that misses it is asked again (a commit is idempotent), then
        // taken out of the read set; when no member committed, the upload fails instead of acknowledging a file
        // nobody can read (the chunk, referenced by no file, is collected like any failed upload's).
        var committed = await Task.WhenAll(targets.Select(async t =>
        {
            if (!info.Replicas.Any(r => r.NodeName == t.NodeName && r.DiskId == t.DiskId))
            {
                await TryManageAsync(t, chunkId, plan.Version, commit: false);
                return false;
            }
            for (var attempt = 1; attempt <= PhaseTwoAttempts; attempt++)
            {
                if (await TryManageAsync(t, chunkId, plan.Version, commit: true))
                    return true;
                if (attempt < PhaseTwoAttempts)
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
            await TransientGrainCalls.RetryAsync(() => grain.ReportBadReplicaAsync(t.NodeName, t.DiskId, "missed the commit"), CancellationToken.None);
            return false;
        }));
        if (!committed.Any(c => c))
            throw new EddException(ErrorCodes.Unavailable,
                $"No replica could commit chunk {chunkId:N} of this file (the nodes' logs say why); the upload failed and the file keeps its previous version. Upload it again.");
        return (new FileChunk(chunkId, result.Length), info);
    }

    /// <summary>
    /// Gives up a chunk that was not decided: its requests are cancelled (the replicas drop what they
    /// staged), any replica that did stage is told to abort, and the grain forgets the pending write.
    /// </summary>
    private async Task AbandonAsync(StreamedChunk streamed)
    {
        await streamed.Writer.DisposeAsync();
        await Task.WhenAll(streamed.Targets.Select(t => TryManageAsync(t, streamed.ChunkId, streamed.Plan.Version, commit: false)));
        try
        {
            await streamed.Grain.AbortAsync(streamed.Plan.Version);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The pending write also lapses at its deadline.
            LogManageFailed(logger, streamed.ChunkId, "its grain", "abort", e.Message);
        }
    }

    private async Task<bool> TryManageAsync(ReplicaTarget target, Guid chunkId, long version, bool commit)
    {
        try
        {
            var token = await tokens.IssueAsync(new DataPlaneGrant(chunkId, version, DataPlaneAccess.Manage, target.DiskId, null, target.NodeName));
            var manage = target with { Token = token };
            using var deadline = new CancellationTokenSource(dataPlaneOptions.Value.StepTimeout);
            if (commit)
                await dataPlane.CommitAsync(manage, deadline.Token);
            else
                await dataPlane.AbortAsync(manage, deadline.Token);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or DataPlaneException)
        {
            LogManageFailed(logger, chunkId, target.NodeName, commit ? "commit" : "abort", ex.Message);
            return false;
        }
    }

    /// <summary>The file with its current version, or null when there is none.</summary>
    public Task<DfsFileInfo?> GetAsync(string rawPath, CancellationToken cancellationToken)
    {
        var path = DfsPath.Normalize(rawPath);
        return TransientGrainCalls.RetryAsync(() => grains.GetGrain<IDfsFileGrain>(path).GetAsync(), cancellationToken);
    }

    /// <summary>The file, and a stream of [offset, offset+length) of its current version.</summary>
    public async Task<(DfsFileInfo File, Stream Content)> OpenReadAsync(string rawPath, long offset, long? length, CancellationToken cancellationToken)
    {
        var path = DfsPath.Normalize(rawPath);
        var file = await TransientGrainCalls.RetryAsync(() => grains.GetGrain<IDfsFileGrain>(path).GetAsync(), cancellationToken)
            ?? throw EddException.NotFound($"There is no file {path}.");
        var size = file.Current.Size;
        var count = length ?? size - offset;
        if (offset < 0 || count < 0 || offset + count > size)
            throw new EddException(ErrorCodes.RangeNotSatisfiable, $"The range {offset}-{offset + count - 1} is outside the file's {size} bytes.");
        return (file, new DfsFileReadStream(this, file.Current.Chunks, offset, count));
    }

    /// <summary>Opens one chunk's range on its replicas, this node's first, with failover between them.</summary>
    internal async Task<Stream> OpenChunkAsync(FileChunk chunk, long offset, long length, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IChunkGrain>(chunk.ChunkId);
        var info = await TransientGrainCalls.RetryAsync(grain.GetAsync, cancellationToken) ?? throw new IOException($"Chunk {chunk.ChunkId:N} of this file is not committed; the file system is inconsistent (run edd dfs fsck).");
        if (info.Replicas.IsEmpty)
            throw new IOException($"Chunk {chunk.ChunkId:N} has no readable replica left; it cannot be read until a node that holds it returns.");
        var local = edd.Value.NodeName;
        // Local first, then the node serving the fewest bytes per second (as of the last heartbeat), ties at random.
        var load = heartbeat.View?.BytesOutPerSecond;
        var ordered = info.Replicas.OrderBy(r => r.NodeName == local ? 0 : 1)
            .ThenBy(r => load?.GetValueOrDefault(r.NodeName) ?? 0)
            .ThenBy(_ => Random.Shared.Next()).ToList();
        var targets = await Task.WhenAll(ordered.Select(async r => new ReplicaTarget(r.NodeName, new Uri(r.DataPlaneUrl), r.DiskId,
            await tokens.IssueAsync(new DataPlaneGrant(chunk.ChunkId, info.Version, DataPlaneAccess.Read, r.DiskId, null, r.NodeName)))));
        return new ChunkReadStream(dataPlane, targets, offset, length, dataPlaneOptions.Value.StepTimeout,
            (target, reason) => ReportBadReplica(grain, target, reason), OpenReplicaAsync);
    }

    /// <summary>
    /// This node's own replica is read straight from its store: the same block-verified bytes without a
    /// loopback HTTP hop (two socket copies and the HTTP framing of every byte). Others go through the data plane.
    /// </summary>
    private async Task<Stream> OpenReplicaAsync(ReplicaTarget replica, long offset, long length, CancellationToken cancellationToken)
    {
        if (replica.NodeName != edd.Value.NodeName)
            return await dataPlane.OpenReadAsync(replica, offset, length, cancellationToken);
        var (chunkId, version) = DataPlaneTokens.ReadAddress(replica.Token);
        return await store.OpenReadAsync(chunkId, version, offset, length, cancellationToken)
            ?? throw new IOException($"This node ({replica.NodeName}) holds no committed replica of chunk {chunkId:N} version {version}.");
    }

    /// <summary>Fire-and-forget by design: the read goes on at once on the next replica; a lost report is found again by the scrubber.</summary>
    private void ReportBadReplica(IChunkGrain grain, ReplicaTarget target, string reason) =>
        _ = grain.ReportBadReplicaAsync(target.NodeName, target.DiskId, reason).ContinueWith(
            t => LogManageFailed(logger, grain.GetPrimaryKey(), target.NodeName, "report", t.Exception?.GetBaseException().Message ?? "unknown"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>Deletes the file; returns the version it deleted, null when there was none.</summary>
    public Task<DfsFileVersion?> DeleteAsync(string rawPath) => grains.GetGrain<IDfsFileGrain>(DfsPath.Normalize(rawPath)).DeleteAsync();

    [LoggerMessage(EventId = 8221, Level = LogLevel.Warning, Message = "Chunk {ChunkId}: replica on {NodeName} did not prepare: {Reason}")]
    private static partial void LogReplicaNotPrepared(ILogger logger, Guid chunkId, string nodeName, string reason);

    [LoggerMessage(EventId = 8222, Level = LogLevel.Warning, Message = "Chunk {ChunkId}: {Operation} on {NodeName} failed: {Reason}")]
    private static partial void LogManageFailed(ILogger logger, Guid chunkId, string nodeName, string operation, string reason);
}

/// <summary>
/// Renews an upload's lease on its file grain while the upload runs, and ends it when the upload fails, so its
/// committed chunks are collected after the grace period instead of waiting for the lease to lapse.
/// </summary>
internal sealed class UploadLease : IAsyncDisposable
{
    private readonly IDfsFileGrain _file;
    private readonly Guid _uploadId;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private bool _committed;

    public UploadLease(IDfsFileGrain file, Guid uploadId, TimeSpan renewEvery)
    {
        (_file, _uploadId) = (file, uploadId);
        _renewals = RenewAsync(renewEvery, _stop.Token);
    }

    public void Committed() => _committed = true;

    private async Task RenewAsync(TimeSpan renewEvery, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(renewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await _file.KeepUploadAliveAsync(_uploadId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A missed renewal is retried at the next tick; the lease outlives several ticks.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        _stop.Dispose();
        if (!_committed)
        {
            try
            {
                await _file.EndUploadAsync(_uploadId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The lease lapses by itself.
            }
        }
    }
}

/// <summary>A written file and how well it is replicated (fewest replicas of any chunk, and how many were wanted).</summary>
public sealed record DfsWriteResult(DfsFileInfo File, int MinReplicas, int Wanted, long? ReplacedSize = null)
{
    public bool UnderReplicated => MinReplicas < Wanted;
}
