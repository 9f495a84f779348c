using EddCloud.Silo.Dfs.Disks;

namespace EddCloud.Tests.Dfs.DataPlane;

/// <summary>A node's real store, with a switch that makes staging stall: it takes a few bytes, then stops reading until the request dies.</summary>
public sealed class StoreSwitch(IChunkStore inner) : IChunkStore
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IChunkStore Inner { get; } = inner;

    public volatile bool StallStaging;

    /// <summary>Completes when a stalling stage has stopped reading.</summary>
    public Task Stalled => _stalled.Task;

    public IReadOnlyList<ChunkDisk> Disks => Inner.Disks;

    public async Task<StagedChunk> StageAsync(Guid chunkId, long version, string diskId, Stream data, long maxLength, CancellationToken cancellationToken)
    {
        if (!StallStaging)
            return await Inner.StageAsync(chunkId, version, diskId, data, maxLength, cancellationToken);
        var buffer = new byte[1024];
        await data.ReadAtLeastAsync(buffer, 1, throwOnEndOfStream: false, cancellationToken);
        _stalled.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    public Task CommitAsync(Guid chunkId, long version, CancellationToken cancellationToken) => Inner.CommitAsync(chunkId, version, cancellationToken);

    public Task AbortAsync(Guid chunkId, long version, CancellationToken cancellationToken) => Inner.AbortAsync(chunkId, version, cancellationToken);

    public Task<Stream?> OpenReadAsync(Guid chunkId, long version, long offset, long length, CancellationToken cancellationToken) =>
        Inner.OpenReadAsync(chunkId, version, offset, length, cancellationToken);

    public Task<ChunkCheck> VerifyAsync(Guid chunkId, long version, CancellationToken cancellationToken) => Inner.VerifyAsync(chunkId, version, cancellationToken);

    public Task<ChunkCheck> VerifyAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken) =>
        Inner.VerifyAsync(chunkId, version, diskId, cancellationToken);

    public Task RemoveFromDiskAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken) =>
        Inner.RemoveFromDiskAsync(chunkId, version, diskId, cancellationToken);

    public Task DeleteAsync(Guid chunkId, long version, CancellationToken cancellationToken) => Inner.DeleteAsync(chunkId, version, cancellationToken);

    public IAsyncEnumerable<StoredReplica> ListAsync(CancellationToken cancellationToken) => Inner.ListAsync(cancellationToken);
}
