using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Grains.Dfs;

[GenerateSerializer, Alias("edd.dfs.file-state")]
public sealed record DfsFileState
{
    [Id(0)] public DfsFileVersion? Current { get; init; }
    [Id(1)] public DateTimeOffset CreatedAt { get; init; }
    [Id(2)] public long LastVersion { get; init; }
    /// <summary>False until the folder listings reflect whether this file exists.</summary>
    [Id(3)] public bool FoldersInSync { get; init; } = true;
    /// <summary>Chunks of replaced or deleted versions, deleted after the grace period (readers of the old version finish first).</summary>
    [Id(5)] public ImmutableArray<ReleasedChunk> Released { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("edd.dfs.released-chunk")]
public sealed record ReleasedChunk(
    [property: Id(0)] Guid ChunkId,
    [property: Id(1)] DateTimeOffset ReleasedAt);

internal sealed partial class DfsFileGrain(
    [PersistentState("file", StorageNames.Default)] IPersistentState<DfsFileState> state,
    IOptions<DfsOptions> options,
    TimeProvider time,
    ILogger<DfsFileGrain> logger) : Grain, IDfsFileGrain, IRemindable
{
    private const string CollectReminder = "collect-released";
    private string Path => this.GetPrimaryKeyString();

    /// <summary>Upload leases live in memory: after a restart every writer renews within a quarter of the lease.</summary>
    private readonly Dictionary<Guid, DateTimeOffset> _uploads = [];
    private DateTimeOffset _activatedAt;
    private bool _committing;
    private IGrainTimer? _folderRetry;
    private static readonly TimeSpan FolderRetryInterval = TimeSpan.FromSeconds(5);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = time.GetUtcNow();
        if (!state.State.FoldersInSync)
            await SyncFoldersAsync();
    }

    public Task KeepUploadAliveAsync(Guid uploadId)
    {
        _uploads[uploadId] = time.GetUtcNow() + options.Value.UploadLease;
        return Task.CompletedTask;
    }

    public Task EndUploadAsync(Guid uploadId)
    {
        _uploads.Remove(uploadId);
        return Task.CompletedTask;
    }

    public Task<ChunkLiveness> GetChunkLivenessAsync(Guid chunkId, Guid uploadId)
    {
        var now = time.GetUtcNow();
        if (state.State.Current is { } current && current.Chunks.Any(c => c.ChunkId == chunkId))
            return Task.FromResult(ChunkLiveness.Referenced);
        if (state.State.Released.Any(r => r.ChunkId == chunkId))
            return Task.FromResult(ChunkLiveness.Released);
        // A commit in flight may be about to point at it; a fresh activation has not heard the writers' renewals yet.
        var leased = _uploads.TryGetValue(uploadId, out var until) && until > now;
        return Task.FromResult(leased || _committing || now - _activatedAt < options.Value.UploadLease
            ? ChunkLiveness.Uploading : ChunkLiveness.Unreferenced);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == CollectReminder)
            await CollectReleasedAsync();
    }

    public async Task<int> CollectReleasedAsync()
    {
        var now = time.GetUtcNow();
        var due = state.State.Released.Where(r => now - r.ReleasedAt >= options.Value.GcGracePeriod).ToList();
        var collected = new List<ReleasedChunk>();
        foreach (var released in due)
        {
            try
            {
                await GrainFactory.GetGrain<IChunkGrain>(released.ChunkId).DeleteAsync();
                collected.Add(released);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCollectFailed(logger, Path, released.ChunkId, ex.Message);
            }
        }
        if (collected.Count > 0)
            await state.WriteAsync(state.State with { Released = state.State.Released.RemoveRange(collected) });
        await ScheduleCollectionAsync();
        return collected.Count;
    }

    /// <summary>A reminder while chunks wait for their grace period; none otherwise.</summary>
    private async Task ScheduleCollectionAsync()
    {
        if (!state.State.Released.IsEmpty)
        {
            var period = TimeSpan.FromTicks(Math.Clamp(options.Value.GcGracePeriod.Ticks / 2, TimeSpan.FromMinutes(1).Ticks, TimeSpan.FromMinutes(15).Ticks));
            await this.RegisterOrUpdateReminder(CollectReminder, period, period);
        }
        else if (await this.GetReminder(CollectReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private ImmutableArray<ReleasedChunk> Release(DfsFileVersion? old) => old is null
        ? state.State.Released
        : state.State.Released.AddRange(old.Chunks.Select(c => new ReleasedChunk(c.ChunkId, time.GetUtcNow())));

    public Task<DfsFileInfo?> GetAsync() => Task.FromResult(
        state.State.Current is { } current ? new DfsFileInfo(Path, current, state.State.CreatedAt) : null);

    public async Task<DfsCommitResult> CommitVersionAsync(
        Guid uploadId, long size, string sha256, ImmutableArray<FileChunk> chunks, DfsFileAttributes? attributes, bool onlyIfAbsent = false)
    {
        if (onlyIfAbsent && state.State.Current is not null)
            throw new EddException(ErrorCodes.PreconditionFailed, "The file exists and this upload may not overwrite it; nothing was changed.");
        if (size < 0 || chunks.IsDefault || chunks.Sum(c => c.Length) != size)
            throw EddException.Validation("size", "The file size must equal the sum of its chunks.");
        _committing = true;
        try
        {
            // Every chunk must be decided before the file points at it: the grain checks, not the caller.
            foreach (var chunk in chunks)
            {
                var info = await GrainFactory.GetGrain<IChunkGrain>(chunk.ChunkId).GetAsync();
                if (info is null || info.Length != chunk.Length)
                    throw EddException.Conflict($"Chunk {chunk.ChunkId:N} is not committed with {chunk.Length} bytes; the upload is incomplete.");
            }
            return await CommitCheckedVersionAsync(uploadId, size, sha256, chunks, attributes);
        }
        finally
        {
            _committing = false;
        }
    }

    private async Task<DfsCommitResult> CommitCheckedVersionAsync(Guid uploadId, long size, string sha256, ImmutableArray<FileChunk> chunks, DfsFileAttributes? attributes)
    {
        var now = time.GetUtcNow();
        var version = new DfsFileVersion(state.State.LastVersion + 1, size, sha256, chunks, now, attributes);
        var replacedSize = state.State.Current?.Size;
        var released = Release(state.State.Current);
        await state.WriteAsync(state.State with
        {
            Current = version,
            CreatedAt = state.State.Current is null ? now : state.State.CreatedAt,
            LastVersion = version.Version,
            FoldersInSync = false,
            Released = released,
        });
        _uploads.Remove(uploadId);
        LogCommitted(logger, Path, version.Version, size, chunks.Length);
        await SyncFoldersAsync();
        if (!released.IsEmpty)
            await ScheduleCollectionAsync();
        return new DfsCommitResult(new DfsFileInfo(Path, version, state.State.CreatedAt), replacedSize);
    }

    public async Task<DfsFileVersion?> DeleteAsync()
    {
        if (state.State.Current is not { } current)
            return null;
        await state.WriteAsync(state.State with
        {
            Current = null,
            FoldersInSync = false,
            Released = Release(current),
        });
        await SyncFoldersAsync();
        await ScheduleCollectionAsync();
        return current;
    }

    /// <summary>Adds the file (and its parent folders) to the listings, or removes it; retried on the next activation if it fails.</summary>
    private async Task SyncFoldersAsync()
    {
        try
        {
            var (folder, name) = DfsPath.Split(Path);
            if (state.State.Current is null)
            {
                await GrainFactory.GetGrain<IDfsFolderGrain>(folder).RemoveAsync(name);
            }
            else
            {
                await GrainFactory.GetGrain<IDfsFolderGrain>(folder).AddAsync(name, isFolder: false);
                for (var child = folder; child != "/";)
                {
                    var (parent, childName) = DfsPath.Split(child);
                    await GrainFactory.GetGrain<IDfsFolderGrain>(parent).AddAsync(childName, isFolder: true);
                    child = parent;
                }
            }
            await state.WriteAsync(state.State with { FoldersInSync = true });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFolderSyncFailed(logger, Path, ex);
            // A folder grain on a silo that just died: retry soon, not only at this grain's next activation.
            _folderRetry ??= this.RegisterGrainTimer(RetryFolderSyncAsync, new GrainTimerCreationOptions(FolderRetryInterval, FolderRetryInterval));
        }
    }

    private async Task RetryFolderSyncAsync(CancellationToken cancellationToken)
    {
        if (!state.State.FoldersInSync)
            await SyncFoldersAsync();
        if (state.State.FoldersInSync)
        {
            _folderRetry?.Dispose();
            _folderRetry = null;
        }
    }

    [LoggerMessage(EventId = 8211, Level = LogLevel.Debug, Message = "File {Path} version {Version} committed: {Size} bytes in {Chunks} chunks")]
    private static partial void LogCommitted(ILogger logger, string path, long version, long size, int chunks);

    [LoggerMessage(EventId = 8213, Level = LogLevel.Warning, Message = "File {Path}: released chunk {ChunkId} not deleted yet ({Reason}); retried by the reminder")]
    private static partial void LogCollectFailed(ILogger logger, string path, Guid chunkId, string reason);

    [LoggerMessage(EventId = 8212, Level = LogLevel.Warning, Message = "File {Path}: folder listing not updated yet; retried every 5 s and at the next activation")]
    private static partial void LogFolderSyncFailed(ILogger logger, string path, Exception exception);
}
