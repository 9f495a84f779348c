using EddCloud.Silo.Dfs.Disks;

namespace EddCloud.Tests.Dfs.Disks;

public sealed class FileChunkStoreListTests : IDisposable
{
    private readonly ChunkStoreSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task ListAsync_StagedAndCommitted_ReportsBothWithDiskLengthAndTime()
    {
        var store = sandbox.Open(disks: 2);
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var committedId = Guid.NewGuid();
        var stagedId = Guid.NewGuid();
        await store.StageAndCommitAsync(committedId, 4, ChunkStoreSandbox.RandomBytes(70_000, seed: 30));
        await store.StageAsync(stagedId, 9, store.Disks[1].Id, new MemoryStream(new byte[10]), 10, CancellationToken.None);

        var listed = await store.ListAllAsync();

        Assert.Equal(2, listed.Count);
        var committed = Assert.Single(listed, r => r.ChunkId == committedId);
        Assert.Equal((4L, store.Disks[0].Id, true, 70_000L), (committed.Version, committed.DiskId, committed.Committed, committed.Length));
        var staged = Assert.Single(listed, r => r.ChunkId == stagedId);
        Assert.Equal((9L, store.Disks[1].Id, false), (staged.Version, staged.DiskId, staged.Committed));
        Assert.All(listed, r => Assert.InRange(r.ModifiedAt, before, DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task ListAsync_UnknownFiles_IgnoredLoggedAndLeftInPlace()
    {
        var logger = new RecordingLogger<FileChunkStore>();
        var store = sandbox.Open(logger: logger);
        var chunkId = Guid.NewGuid();
        await store.StageAndCommitAsync(chunkId, 1, [1, 2, 3]);
        var id = chunkId.ToString("N");
        var chunks = Path.Combine(sandbox.DiskPath(0), "chunks");
        string[] strangers =
        [
            Path.Combine(sandbox.StagingPath(0), "notes.txt"),
            Path.Combine(sandbox.StagingPath(0), $"{id.ToUpperInvariant()}.1.chunk"),
            Path.Combine(sandbox.StagingPath(0), $"{id}.01.chunk"),
            Path.Combine(chunks, "stray.chunk"),
            Path.Combine(chunks, id[..2], $"{id}.1.chunk.0123456789abcdef.tmp"),
            Path.Combine(chunks, id[..2] == "00" ? "01" : "00", $"{id}.1.chunk"),
        ];
        foreach (var path in strangers)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "not a replica");
        }

        Directory.CreateDirectory(Path.Combine(chunks, "zz"));

        var listed = await store.ListAllAsync();

        var only = Assert.Single(listed);
        Assert.Equal((chunkId, true), (only.ChunkId, only.Committed));
        Assert.All(strangers, path => Assert.True(File.Exists(path), $"{path} was deleted"));
        Assert.Equal(strangers.Length + 1, logger.Entries.Count(e => e.EventId == 8040));
    }

    [Fact]
    public async Task ListAsync_LeftoverOfCrashedStage_ReportedUncommittedAndAbortRemovesIt()
    {
        var store = sandbox.Open();
        var chunkId = Guid.NewGuid();
        // What a stage killed half-way leaves: its temporary file, data and no footer.
        var leftover = Path.Combine(sandbox.StagingPath(0), $"{chunkId:N}.5.chunk.00112233445566aa.tmp");
        await File.WriteAllBytesAsync(leftover, new byte[1000]);

        var listed = Assert.Single(await store.ListAllAsync());
        Assert.Equal((chunkId, 5L, false, 1000L), (listed.ChunkId, listed.Version, listed.Committed, listed.Length));
        Assert.Null(await store.OpenReadAsync(chunkId, 5, 0, 0, CancellationToken.None));
        await Assert.ThrowsAsync<ChunkStoreException>(() => store.CommitAsync(chunkId, 5, CancellationToken.None));

        await store.AbortAsync(chunkId, 5, CancellationToken.None);

        Assert.False(File.Exists(leftover));
        Assert.Empty(await store.ListAllAsync());
    }

    [Fact]
    public async Task ListAsync_Cancelled_Throws()
    {
        var store = sandbox.Open();
        await store.StageBytesAsync(Guid.NewGuid(), 1, [1]);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in store.ListAsync(cancel.Token))
            {
            }
        });
    }
}
