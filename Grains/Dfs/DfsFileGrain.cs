using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace EddCloud.Grains.Dfs;

[GenerateSerializer, Alias("edd.dfs.file-state")]
public sealed record DfsFileState
{
    [Id(0)] public DfsFileVersion? Current { get; init; }
    [Id(1)] public DateTimeOffset CreatedAt { get; init; }
    [Id(2)] public long LastVersion { get; init; }
    /// <summary>False until the folder listings reflect whether this file exists.</summary>
    [Id(3)] public bool FoldersInSync { get; init; } = true;
    /// <summary>Chunks of replaced or deleted versions, for the garbage collector.</summary>
    [Id(4)] public ImmutableArray<FileChunk> Released { get; init; } = [];
}

internal sealed partial class DfsFileGrain(
    [PersistentState("file", StorageNames.Default)] IPersistentState<DfsFileState> state,
    TimeProvider time,
    ILogger<DfsFileGrain> logger) : Grain, IDfsFileGrain
{
    private string Path => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.State.FoldersInSync)
            await SyncFoldersAsync();
    }

    public Task<DfsFileInfo?> GetAsync() => Task.FromResult(
        state.State.Current is { } current ? new DfsFileInfo(Path, current, state.State.CreatedAt) : null);

    public async Task<DfsFileInfo> CommitVersionAsync(long size, string sha256, ImmutableArray<FileChunk> chunks)
    {
        if (size < 0 || chunks.IsDefault || chunks.Sum(c => c.Length) != size)
            throw EddException.Validation("size", "The file size must equal the sum of its chunks.");
        // Every chunk must be decided before the file points at it: the grain checks, not the caller.
        foreach (var chunk in chunks)
        {
            var info = await GrainFactory.GetGrain<IChunkGrain>(chunk.ChunkId).GetAsync();
            if (info is null || info.Length != chunk.Length)
                throw EddException.Conflict($"Chunk {chunk.ChunkId:N} is not committed with {chunk.Length} bytes; the upload is incomplete.");
        }

        var now = time.GetUtcNow();
        var version = new DfsFileVersion(state.State.LastVersion + 1, size, sha256, chunks, now);
        var released = state.State.Current is { } old ? state.State.Released.AddRange(old.Chunks) : state.State.Released;
        await state.WriteAsync(state.State with
        {
            Current = version,
            CreatedAt = state.State.Current is null ? now : state.State.CreatedAt,
            LastVersion = version.Version,
            FoldersInSync = false,
            Released = released,
        });
        LogCommitted(logger, Path, version.Version, size, chunks.Length);
        await SyncFoldersAsync();
        return new DfsFileInfo(Path, version, state.State.CreatedAt);
    }

    public async Task<bool> DeleteAsync()
    {
        if (state.State.Current is not { } current)
            return false;
        await state.WriteAsync(state.State with
        {
            Current = null,
            FoldersInSync = false,
            Released = state.State.Released.AddRange(current.Chunks),
        });
        await SyncFoldersAsync();
        return true;
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
        }
    }

    [LoggerMessage(EventId = 8211, Level = LogLevel.Information, Message = "File {Path} version {Version} committed: {Size} bytes in {Chunks} chunks")]
    private static partial void LogCommitted(ILogger logger, string path, long version, long size, int chunks);

    [LoggerMessage(EventId = 8212, Level = LogLevel.Warning, Message = "File {Path}: folder listing not updated yet; retried on next activation")]
    private static partial void LogFolderSyncFailed(ILogger logger, string path, Exception exception);
}
