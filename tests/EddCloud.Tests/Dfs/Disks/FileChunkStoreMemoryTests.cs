using System.IO.Hashing;

namespace EddCloud.Tests.Dfs.Disks;

/// <summary>Allocation is measured for the whole process, so nothing else may run at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChunkStoreMemoryCollection
{
    public const string Name = "Chunk store memory";
}

[Collection(ChunkStoreMemoryCollection.Name)]
public sealed class FileChunkStoreMemoryTests : IDisposable
{
    private const long ChunkLength = 200L * 1024 * 1024;
    private const long AllocationBudget = 8L * 1024 * 1024;
    private readonly ChunkStoreSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task StageAndRead_200MiB_AllocatesFarLessThanTheChunk()
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        var disk = store.Disks[0].Id;
        // Warm up pools and code paths so the measurement sees the steady state, not first-use costs.
        await store.StageAndCommitAsync(Guid.NewGuid(), 1, new byte[300_000]);
        var input = new GeneratedStream(ChunkLength, seed: 50);

        var beforeStage = GC.GetTotalAllocatedBytes(precise: true);
        var staged = await store.StageAsync(chunkId, 1, disk, input, ChunkLength, CancellationToken.None);
        var stageAllocated = GC.GetTotalAllocatedBytes(precise: true) - beforeStage;
        await store.CommitAsync(chunkId, 1, CancellationToken.None);

        var readCrc = new Crc32(Crc32ParameterSet.Crc32C);
        var buffer = new byte[81920];
        long readLength = 0;
        var beforeRead = GC.GetTotalAllocatedBytes(precise: true);
        await using (var stream = (await store.OpenReadAsync(chunkId, 1, 0, ChunkLength, CancellationToken.None))!)
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                readCrc.Append(buffer.AsSpan(0, read));
                readLength += read;
            }
        }

        var readAllocated = GC.GetTotalAllocatedBytes(precise: true) - beforeRead;

        Assert.Equal((ChunkLength, input.Crc32C), (staged.Length, staged.Crc32C));
        Assert.Equal((ChunkLength, input.Crc32C), (readLength, readCrc.GetCurrentHashAsUInt32()));
        Assert.True(stageAllocated < AllocationBudget, $"staging 200 MiB allocated {stageAllocated} bytes; budget {AllocationBudget}");
        Assert.True(readAllocated < AllocationBudget, $"reading 200 MiB allocated {readAllocated} bytes; budget {AllocationBudget}");
    }
}
