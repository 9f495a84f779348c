using EddCloud.Silo.Dfs.Disks;

namespace EddCloud.Tests.Dfs.Disks;

internal static class ChunkStoreExtensions
{
    public static Task<StagedChunk> StageBytesAsync(this IChunkStore store, Guid chunkId, long version, byte[] data, long? maxLength = null) =>
        store.StageAsync(chunkId, version, store.Disks[0].Id, new MemoryStream(data, writable: false), maxLength ?? data.Length, CancellationToken.None);

    public static async Task<StagedChunk> StageAndCommitAsync(this IChunkStore store, Guid chunkId, long version, byte[] data)
    {
        var staged = await store.StageBytesAsync(chunkId, version, data);
        await store.CommitAsync(chunkId, version, CancellationToken.None);
        return staged;
    }

    /// <summary>Reads a range through the store's stream in reads of <paramref name="readSize"/> bytes.</summary>
    public static async Task<byte[]> ReadRangeAsync(this IChunkStore store, Guid chunkId, long version, long offset, long length, int readSize = 81920)
    {
        await using var stream = await store.OpenReadAsync(chunkId, version, offset, length, CancellationToken.None)
            ?? throw new InvalidOperationException($"Chunk {chunkId:N} version {version} is not committed on this node.");
        var result = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
            result.Write(buffer, 0, read);
        return result.ToArray();
    }

    public static async Task<List<StoredReplica>> ListAllAsync(this IChunkStore store)
    {
        List<StoredReplica> replicas = [];
        await foreach (var replica in store.ListAsync(CancellationToken.None))
            replicas.Add(replica);
        return replicas;
    }
}
