using EddCloud.Silo.Dfs.Disks;

namespace EddCloud.Tests.Dfs.Disks;

public sealed class FileChunkStoreReadTests : IDisposable
{
    private const int Block = ChunkStoreSandbox.Block;
    private readonly ChunkStoreSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task OpenReadAsync_RandomRangesWithLargeAndOddReadSizes_ReturnSourceBytes()
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        var data = ChunkStoreSandbox.RandomBytes((40 * Block) + 777, seed: 26);
        await store.StageAndCommitAsync(chunkId, 1, data);
        var random = new Random(27);

        for (var i = 0; i < 60; i++)
        {
            // Block-aligned starts and the replica's short last block too, read in pieces from one byte to 1 MiB.
            long offset = random.Next(3) == 0 ? random.Next(41) * (long)Block : random.Next(data.Length);
            offset = Math.Min(offset, data.Length - 1);
            long length = random.Next(2) == 0 ? data.Length - offset : random.Next(1, (int)(data.Length - offset) + 1);
            var readSize = new[] { 1, 4096, Block, Block + 1, (3 * Block) - 5, 1024 * 1024 }[random.Next(6)];
            var read = await store.ReadRangeAsync(chunkId, 1, offset, length, readSize);
            Assert.True(data.AsSpan((int)offset, (int)length).SequenceEqual(read), $"range of {length} bytes from {offset} in reads of {readSize} differs from the source");
        }
    }

    [Fact]
    public async Task OpenReadAsync_RangesAroundEveryBlockBoundary_ReturnSourceBytes()
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        var data = ChunkStoreSandbox.RandomBytes((5 * 1024 * 1024) + 3, seed: 20);
        await store.StageAndCommitAsync(chunkId, 1, data);

        for (long boundary = Block; boundary <= data.Length; boundary += Block)
        {
            foreach (var (offset, length) in new[] { (boundary - 1, 2L), (boundary - 1, 1L), (boundary, 1L), (boundary - Block, (long)Block), (boundary - 3, Block + 6L) })
            {
                var end = Math.Min(offset + length, data.Length);
                var read = await store.ReadRangeAsync(chunkId, 1, offset, end - offset, readSize: 1000);
                Assert.True(data.AsSpan((int)offset, (int)(end - offset)).SequenceEqual(read), $"range [{offset}, {end}) differs from the source");
            }
        }

        Assert.Equal(data[^3..], await store.ReadRangeAsync(chunkId, 1, data.Length - 3, 3));
        Assert.Empty(await store.ReadRangeAsync(chunkId, 1, data.Length, 0));
    }

    [Fact]
    public async Task Read_SynchronousSmallReads_ReturnSourceBytes()
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        var data = ChunkStoreSandbox.RandomBytes((3 * Block) + 77, seed: 21);
        await store.StageAndCommitAsync(chunkId, 1, data);

        using var stream = (await store.OpenReadAsync(chunkId, 1, 100, data.Length - 150, CancellationToken.None))!;
        var copy = new MemoryStream();
        stream.CopyTo(copy, bufferSize: 999);

        Assert.True(data.AsSpan(100, data.Length - 150).SequenceEqual(copy.ToArray()));
        Assert.Equal(0, stream.Read(new byte[10], 0, 10));
    }

    [Fact]
    public async Task OpenReadAsync_ZeroLengthChunk_ReadsNothing()
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        await store.StageAndCommitAsync(chunkId, 1, []);

        Assert.Empty(await store.ReadRangeAsync(chunkId, 1, 0, 0));
        await Assert.ThrowsAsync<ChunkStoreException>(() => store.OpenReadAsync(chunkId, 1, 0, 1, CancellationToken.None));
    }

    [Theory]
    [InlineData(0, 1001)]
    [InlineData(1000, 1)]
    [InlineData(1001, 0)]
    [InlineData(500, long.MaxValue)]
    [InlineData(-1, 1)]
    [InlineData(0, -1)]
    public async Task OpenReadAsync_RangeOutsideTheData_ThrowsChunkStoreException(long offset, long length)
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        await store.StageAndCommitAsync(chunkId, 1, ChunkStoreSandbox.RandomBytes(1000, seed: 22));

        var error = await Assert.ThrowsAsync<ChunkStoreException>(() => store.OpenReadAsync(chunkId, 1, offset, length, CancellationToken.None));

        Assert.Contains(chunkId.ToString("N"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenReadAsync_OtherVersionOrChunk_ReturnsNull()
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        await store.StageAndCommitAsync(chunkId, 2, ChunkStoreSandbox.RandomBytes(10, seed: 23));

        Assert.Null(await store.OpenReadAsync(chunkId, 1, 0, 1, CancellationToken.None));
        Assert.Null(await store.OpenReadAsync(Guid.NewGuid(), 2, 0, 1, CancellationToken.None));
    }

    [Fact]
    public async Task Read_FlippedByteInBlock3_RangesTouchingItThrowOthersRead()
    {
        var logger = new RecordingLogger<FileChunkStore>();
        var store = sandbox.Open(logger: logger);
        var chunkId = Guid.NewGuid();
        var data = ChunkStoreSandbox.RandomBytes((6 * Block) + 100, seed: 24);
        await store.StageAndCommitAsync(chunkId, 1, data);
        FlipByte(sandbox.CommittedPath(0, chunkId, 1), (3 * Block) + 1234);

        // 1. A range inside block 3 fails before handing out a byte.
        await using (var stream = (await store.OpenReadAsync(chunkId, 1, (3 * Block) + 5000, 10, CancellationToken.None))!)
        {
            var corrupt = await Assert.ThrowsAsync<ChunkCorruptException>(() => stream.ReadAsync(new byte[10]).AsTask());
            Assert.Equal(3, corrupt.Block);
            Assert.Equal(chunkId, corrupt.ChunkId);
            Assert.Equal(1, corrupt.Version);
        }

        // 2. A range across blocks 2-4 hands out block 2, then fails: no byte of block 3 ever arrives.
        var received = new MemoryStream();
        await using (var stream = (await store.OpenReadAsync(chunkId, 1, 2 * Block, 3 * Block, CancellationToken.None))!)
        {
            await Assert.ThrowsAsync<ChunkCorruptException>(() => stream.CopyToAsync(received));
        }

        Assert.Equal(data[(2 * Block)..(3 * Block)], received.ToArray());

        // 3. Ranges that do not touch block 3 read fine.
        Assert.Equal(data[..(3 * Block)], await store.ReadRangeAsync(chunkId, 1, 0, 3 * Block));
        Assert.Equal(data[(4 * Block)..], await store.ReadRangeAsync(chunkId, 1, 4 * Block, data.Length - (4 * Block)));

        // 4. Verify names exactly block 3, and the corruption was logged.
        var check = await store.VerifyAsync(chunkId, 1, CancellationToken.None);
        Assert.True(check.Present);
        Assert.Equal([3], check.BadBlocks);
        Assert.NotEqual(ChunkStoreSandbox.Crc(data), check.Crc32C);
        Assert.Contains(logger.Entries, e => e.EventId == 8031 && e.Message.Contains("block 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyAsync_FlippedByteInLastPartialBlock_ListsIt()
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        var data = ChunkStoreSandbox.RandomBytes((2 * Block) + 10, seed: 25);
        await store.StageAndCommitAsync(chunkId, 1, data);
        FlipByte(sandbox.CommittedPath(0, chunkId, 1), data.Length - 1);

        var check = await store.VerifyAsync(chunkId, 1, CancellationToken.None);

        Assert.Equal([2], check.BadBlocks);
        await Assert.ThrowsAsync<ChunkCorruptException>(() => store.ReadRangeAsync(chunkId, 1, data.Length - 1, 1));
    }

    [Theory]
    [InlineData(1)]          // the last byte of the magic
    [InlineData(32)]         // the whole fixed tail
    [InlineData(32 + 4)]     // into the CRC table
    [InlineData(100_000)]    // into the data: a write that stopped half-way
    public async Task OpenReadAsync_TruncatedReplica_IsNotPresent(int cut)
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        await store.StageAndCommitAsync(chunkId, 1, ChunkStoreSandbox.RandomBytes(3 * Block, seed: 26));
        var path = sandbox.CommittedPath(0, chunkId, 1);
        using (var file = new FileStream(path, FileMode.Open))
            file.SetLength(file.Length - cut);

        Assert.Null(await store.OpenReadAsync(chunkId, 1, 0, 1, CancellationToken.None));
        Assert.False((await store.VerifyAsync(chunkId, 1, CancellationToken.None)).Present);
        var listed = Assert.Single(await store.ListAllAsync());
        Assert.False(listed.Committed);

        await store.AbortAsync(chunkId, 1, CancellationToken.None);

        Assert.False(File.Exists(path));
        Assert.Empty(await store.ListAllAsync());
    }

    [Fact]
    public async Task OpenReadAsync_FooterCrcTableDamaged_IsNotPresent()
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        await store.StageAndCommitAsync(chunkId, 1, ChunkStoreSandbox.RandomBytes(2 * Block, seed: 27));
        FlipByte(sandbox.CommittedPath(0, chunkId, 1), (2 * Block) + 1);

        Assert.Null(await store.OpenReadAsync(chunkId, 1, 0, 1, CancellationToken.None));
    }

    [Fact]
    public async Task OpenReadAsync_ReplicaDeletedWhileOpen_KeepsReading()
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        var data = ChunkStoreSandbox.RandomBytes(3 * Block, seed: 28);
        await store.StageAndCommitAsync(chunkId, 1, data);

        await using var stream = (await store.OpenReadAsync(chunkId, 1, 0, data.Length, CancellationToken.None))!;
        await store.DeleteAsync(chunkId, 1, CancellationToken.None);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(data, copy.ToArray());
    }

    private static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x40));
    }
}
