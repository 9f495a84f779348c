using EddCloud.Silo.Dfs.Disks;

namespace EddCloud.Tests.Dfs.Disks;

public sealed class ChunkDiskTests : IDisposable
{
    private readonly ChunkStoreSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public void Open_TwoDisks_DistinctIdsStableAcrossReopening()
    {
        var first = sandbox.Open(disks: 2).Disks;

        var again = sandbox.Open(disks: 2).Disks;

        Assert.NotEqual(first[0].Id, first[1].Id);
        Assert.All(first, disk => Assert.Matches("^[0-9a-f]{32}$", disk.Id));
        Assert.Equal(first.Select(d => d.Id), again.Select(d => d.Id));
        Assert.Equal(first[0].Id, File.ReadAllText(Path.Combine(sandbox.DiskPath(0), "disk-id")).Trim());
    }

    [Fact]
    public async Task Open_DirectoryMovedToAnotherPath_KeepsIdAndReplicas()
    {
        var store = sandbox.Open();
        var id = store.Disks[0].Id;
        var chunkId = Guid.NewGuid();
        var data = ChunkStoreSandbox.RandomBytes(100_000, seed: 40);
        await store.StageAndCommitAsync(chunkId, 1, data);
        var moved = Path.Combine(sandbox.Root, "renamed-mount");
        Directory.Move(sandbox.DiskPath(0), moved);

        var reopened = ChunkStoreSandbox.OpenAt([moved]);

        Assert.Equal(id, reopened.Disks[0].Id);
        Assert.Equal(moved, reopened.Disks[0].Path);
        Assert.Equal(data, await reopened.ReadRangeAsync(chunkId, 1, 0, data.Length));
    }

    [Fact]
    public void Open_CopiedDiskIdFile_RefusesWithTheFix()
    {
        sandbox.Open(disks: 2);
        File.Copy(Path.Combine(sandbox.DiskPath(0), "disk-id"), Path.Combine(sandbox.DiskPath(1), "disk-id"), overwrite: true);

        var error = Assert.Throws<ChunkStoreException>(() => sandbox.Open(disks: 2));

        Assert.Contains("same disk id", error.Message, StringComparison.Ordinal);
        Assert.Contains("delete its disk-id file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_GarbledDiskIdFile_RefusesNamingTheFile()
    {
        Directory.CreateDirectory(sandbox.DiskPath(0));
        File.WriteAllText(Path.Combine(sandbox.DiskPath(0), "disk-id"), "../../etc/passwd");

        var error = Assert.Throws<ChunkStoreException>(() => sandbox.Open());

        Assert.Contains(Path.Combine(sandbox.DiskPath(0), "disk-id"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DirectoryThatCannotBeCreated_NamesTheKey()
    {
        var blocker = Path.Combine(sandbox.Root, "a-file");
        File.WriteAllText(blocker, "x");

        var error = Assert.Throws<ChunkStoreException>(() => ChunkStoreSandbox.OpenAt([sandbox.DiskPath(0), Path.Combine(blocker, "disk")]));

        Assert.Contains("EDD_DFS__CHUNK_DIRECTORIES__1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disks_ReportCapacityAndFreeSpace()
    {
        var disk = Assert.Single(sandbox.Open().Disks);

        Assert.Equal(sandbox.DiskPath(0), disk.Path);
        Assert.True(disk.CapacityBytes > 0, "capacity");
        Assert.InRange(disk.FreeBytes, 1, disk.CapacityBytes);
    }
}
