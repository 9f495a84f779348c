using EddCloud.Silo.Dfs.Disks;

namespace EddCloud.Silo.Dfs;

/// <summary>Counts the bytes a node stores and serves, whoever asks (data plane, repairs), around the real store.</summary>
public sealed class MeteredChunkStore(IChunkStore inner, DfsMetrics metrics) : IChunkStore
{
    public IReadOnlyList<ChunkDisk> Disks => inner.Disks;

    public async Task<StagedChunk> StageAsync(Guid chunkId, long version, string diskId, Stream data, long maxLength, CancellationToken cancellationToken)
    {
        var staged = await inner.StageAsync(chunkId, version, diskId, data, maxLength, cancellationToken);
        metrics.BytesIn(staged.Length);
        return staged;
    }

    public Task CommitAsync(Guid chunkId, long version, CancellationToken cancellationToken) => inner.CommitAsync(chunkId, version, cancellationToken);

    public Task AbortAsync(Guid chunkId, long version, CancellationToken cancellationToken) => inner.AbortAsync(chunkId, version, cancellationToken);

    public async Task<Stream?> OpenReadAsync(Guid chunkId, long version, long offset, long length, CancellationToken cancellationToken) =>
        await inner.OpenReadAsync(chunkId, version, offset, length, cancellationToken) is { } stream ? new CountingStream(stream, metrics) : null;

    public Task<ChunkCheck> VerifyAsync(Guid chunkId, long version, CancellationToken cancellationToken) => inner.VerifyAsync(chunkId, version, cancellationToken);

    public Task<ChunkCheck> VerifyAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken) =>
        inner.VerifyAsync(chunkId, version, diskId, cancellationToken);

    public Task RemoveFromDiskAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken) =>
        inner.RemoveFromDiskAsync(chunkId, version, diskId, cancellationToken);

    public Task DeleteAsync(Guid chunkId, long version, CancellationToken cancellationToken) => inner.DeleteAsync(chunkId, version, cancellationToken);

    public IAsyncEnumerable<StoredReplica> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    private sealed class CountingStream(Stream inner, DfsMetrics metrics) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();

        private int Counted(int read)
        {
            metrics.BytesOut(read);
            return read;
        }
    }
}
