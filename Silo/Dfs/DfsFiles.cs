using System.Buffers;
using System.Collections.Immutable;
using System.Security.Cryptography;
using EddCloud.Grains.Dfs;
using EddCloud.Grains.Errors;
using EddCloud.Silo.Dfs.DataPlane;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs;

/// <summary>
/// The coordinator of file transfers: it streams a file into chunks through the data plane
/// (two-phase commit per chunk, see docs/dfs.md) and streams it back out with replica failover.
/// Memory per transfer is one copy buffer plus the data plane's small per-replica windows.
/// </summary>
public sealed partial class DfsFiles(
    IGrainFactory grains,
    DataPlaneClient dataPlane,
    DataPlaneTokens tokens,
    IOptions<DfsOptions> dfs,
    IOptions<DataPlaneOptions> dataPlaneOptions,
    IOptions<EddOptions> edd,
    ILogger<DfsFiles> logger)
{
    private const int CopyBufferBytes = 256 * 1024;

    /// <summary>Writes a whole file; its new version becomes visible only when every chunk is committed.</summary>
    public async Task<DfsWriteResult> WriteAsync(string rawPath, Stream body, IProgress<long>? progress, CancellationToken cancellationToken)
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
        try
        {
            var chunks = ImmutableArray.CreateBuilder<FileChunk>();
            var minReplicas = int.MaxValue;
            var wanted = dfs.Value.ReplicationFactor;
            long total = 0;
            while (true)
            {
                var first = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, chunkSize)), cancellationToken);
                if (first == 0)
                    break;
                var (chunk, info, endOfBody) = await WriteChunkAsync(owner, body, buffer, first, sha, progress, total, cancellationToken);
                chunks.Add(chunk);
                total += chunk.Length;
                minReplicas = Math.Min(minReplicas, info.Replicas.Length);
                wanted = info.Wanted;
                if (endOfBody)
                    break;
            }
            var sha256 = Convert.ToHexStringLower(sha.GetHashAndReset());
            var committed = await TransientGrainCalls.RetryAsync(() => file.CommitVersionAsync(owner.UploadId, total, sha256, chunks.ToImmutable()), cancellationToken);
            lease.Committed();
            return new DfsWriteResult(committed, chunks.Count == 0 ? wanted : minReplicas, wanted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One chunk: place, stream to every replica, decide, then tell the replicas.</summary>
    private async Task<(FileChunk Chunk, ChunkInfo Info, bool EndOfBody)> WriteChunkAsync(
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

        FanOutResult result;
        var endOfBody = false;
        await using (var writer = ChunkFanOutWriter.Start(dataPlane, targets, dataPlaneOptions.Value.StepTimeout, cancellationToken))
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
                    break;
                count = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, chunkSize - inChunk)), cancellationToken);
                if (count == 0)
                {
                    endOfBody = true;
                    break;
                }
            }
            result = await writer.CompleteAsync(cancellationToken);
        }

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

        // Phase two: the decision is durable; a replica that misses it is taken out of the read set.
        await Task.WhenAll(targets.Select(async t =>
        {
            var isMember = info.Replicas.Any(r => r.NodeName == t.NodeName && r.DiskId == t.DiskId);
            if (!await TryManageAsync(t, chunkId, plan.Version, commit: isMember) && isMember)
                await TransientGrainCalls.RetryAsync(() => grain.ReportBadReplicaAsync(t.NodeName, t.DiskId, "missed the commit"), CancellationToken.None);
        }));
        return (new FileChunk(chunkId, result.Length), info, endOfBody);
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
        var ordered = info.Replicas.OrderBy(r => r.NodeName == local ? 0 : 1).ThenBy(_ => Random.Shared.Next()).ToList();
        var targets = await Task.WhenAll(ordered.Select(async r => new ReplicaTarget(r.NodeName, new Uri(r.DataPlaneUrl), r.DiskId,
            await tokens.IssueAsync(new DataPlaneGrant(chunk.ChunkId, info.Version, DataPlaneAccess.Read, r.DiskId, null, r.NodeName)))));
        return new ChunkReadStream(dataPlane, targets, offset, length, dataPlaneOptions.Value.StepTimeout,
            (target, reason) => ReportBadReplica(grain, target, reason));
    }

    /// <summary>Fire-and-forget by design: the read goes on at once on the next replica; a lost report is found again by the scrubber.</summary>
    private void ReportBadReplica(IChunkGrain grain, ReplicaTarget target, string reason) =>
        _ = grain.ReportBadReplicaAsync(target.NodeName, target.DiskId, reason).ContinueWith(
            t => LogManageFailed(logger, grain.GetPrimaryKey(), target.NodeName, "report", t.Exception?.GetBaseException().Message ?? "unknown"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    public Task<bool> DeleteAsync(string rawPath) => grains.GetGrain<IDfsFileGrain>(DfsPath.Normalize(rawPath)).DeleteAsync();

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
public sealed record DfsWriteResult(DfsFileInfo File, int MinReplicas, int Wanted)
{
    public bool UnderReplicated => MinReplicas < Wanted;
}
