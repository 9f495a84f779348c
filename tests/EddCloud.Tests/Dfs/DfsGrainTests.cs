using System.Collections.Immutable;
using EddCloud.Grains.Dfs;
using EddCloud.Grains.Errors;

namespace EddCloud.Tests.Dfs;

/// <summary>The metadata side of the file system on an in-process cluster: placement, the chunk commit decision, file versions.</summary>
[Collection(GrainsClusterCollection.Name)]
public sealed class DfsGrainTests(GrainsClusterFixture fixture)
{
    private const long Gib = 1024L * 1024 * 1024;
    private IGrainFactory Grains => fixture.Grains;
    private static readonly ChunkOwner AnOwner = new("/tests/owner", Guid.NewGuid());
    private IDfsClusterGrain Cluster => Grains.GetGrain<IDfsClusterGrain>(IDfsClusterGrain.Key);

    [Fact]
    public async Task Place_ThreeLiveNodes_OneReplicaOnEach()
    {
        var nodes = await FreshNodesAsync(("a", 1), ("b", 1), ("c", 1));

        var placement = await Cluster.PlaceAsync(3, 1024);

        Assert.Equal(3, placement.Replicas.Length);
        Assert.Equal(nodes.Order(), placement.Replicas.Select(r => r.NodeName).Order());
    }

    [Fact]
    public async Task Place_TwoNodesWithTwoDisks_NodesFirstThenDistinctDisks()
    {
        await FreshNodesAsync(("a", 2), ("b", 2));

        var placement = await Cluster.PlaceAsync(3, 1024);

        Assert.Equal(3, placement.Replicas.Length);
        Assert.Equal(2, placement.Replicas.Select(r => r.NodeName).Distinct().Count());
        Assert.Equal(3, placement.Replicas.Select(r => (r.NodeName, r.DiskId)).Distinct().Count());
    }

    [Fact]
    public async Task Place_SingleDiskSingleNode_OneCopyAndUnderReplicated()
    {
        await FreshNodesAsync(("solo", 1));

        var placement = await Cluster.PlaceAsync(3, 1024);

        Assert.Single(placement.Replicas);
        Assert.Equal(3, placement.Wanted);
    }

    [Fact]
    public async Task Place_NodeSilentPastTimeout_NeverChosen()
    {
        var nodes = await FreshNodesAsync(("a", 1), ("b", 1));
        GrainsClusterFixture.Time.Advance(TimeSpan.FromSeconds(20));
        await Beat(nodes[0], 1);
        GrainsClusterFixture.Time.Advance(TimeSpan.FromSeconds(15));

        var placement = await Cluster.PlaceAsync(3, 1024);
        var listed = await Cluster.ListNodesAsync();

        Assert.Equal([nodes[0]], placement.Replicas.Select(r => r.NodeName));
        Assert.False(listed.Single(n => n.NodeName == nodes[1]).Alive);
    }

    [Fact]
    public async Task Commit_TwoOfThreePrepared_CommittedDurablyWithThoseTwo()
    {
        await FreshNodesAsync(("a", 1), ("b", 1), ("c", 1));
        var chunk = Grains.GetGrain<IChunkGrain>(Guid.NewGuid());
        var plan = await chunk.BeginWriteAsync(1000, AnOwner);

        var info = await chunk.CommitAsync(plan.Version, 1000, 0xABCD, [plan.Replicas[0], plan.Replicas[2]]);

        Assert.Equal(2, info.Replicas.Length);
        Assert.True(info.UnderReplicated);
        var stored = (await chunk.GetAsync())!;
        Assert.Equal((info.Version, info.Length, info.Crc32C), (stored.Version, stored.Length, stored.Crc32C));
        Assert.Equal(info.Replicas.ToArray(), stored.Replicas.ToArray());
        var retried = await chunk.CommitAsync(plan.Version, 1000, 0xABCD, [plan.Replicas[0], plan.Replicas[2]]);
        Assert.Equal(info.Replicas.ToArray(), retried.Replicas.ToArray());
        var again = await Assert.ThrowsAsync<EddException>(() => chunk.BeginWriteAsync(10, AnOwner));
        Assert.Equal(ErrorCodes.Conflict, again.Code);
    }

    [Fact]
    public async Task Commit_OneOfThreePrepared_AbortedNothingCommitted()
    {
        await FreshNodesAsync(("a", 1), ("b", 1), ("c", 1));
        var chunk = Grains.GetGrain<IChunkGrain>(Guid.NewGuid());
        var plan = await chunk.BeginWriteAsync(1000, AnOwner);

        var error = await Assert.ThrowsAsync<EddException>(() => chunk.CommitAsync(plan.Version, 1000, 1, [plan.Replicas[1]]));

        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.Null(await chunk.GetAsync());
        // A new attempt gets a higher version, so anything staged by the failed one is recognisably stale.
        var retry = await chunk.BeginWriteAsync(1000, AnOwner);
        Assert.True(retry.Version > plan.Version);
    }

    [Fact]
    public async Task Commit_ReplicasNotInThePlanOrRepeated_DoNotCount()
    {
        await FreshNodesAsync(("a", 1), ("b", 1), ("c", 1));
        var chunk = Grains.GetGrain<IChunkGrain>(Guid.NewGuid());
        var plan = await chunk.BeginWriteAsync(1000, AnOwner);
        var stranger = new ReplicaLocation("intruder", "disk", "http://127.0.0.1:1");

        var error = await Assert.ThrowsAsync<EddException>(() =>
            chunk.CommitAsync(plan.Version, 1000, 1, [plan.Replicas[0], plan.Replicas[0], stranger]));

        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.Null(await chunk.GetAsync());
    }

    [Fact]
    public async Task Commit_AfterDeadline_Refused()
    {
        await FreshNodesAsync(("a", 1), ("b", 1));
        var chunk = Grains.GetGrain<IChunkGrain>(Guid.NewGuid());
        var plan = await chunk.BeginWriteAsync(1000, AnOwner);
        GrainsClusterFixture.Time.Advance(TimeSpan.FromMinutes(11));

        var error = await Assert.ThrowsAsync<EddException>(() => chunk.CommitAsync(plan.Version, 1000, 1, plan.Replicas));

        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.Null(await chunk.GetAsync());
    }

    [Fact]
    public async Task ReportBadReplica_RemovedFromReadableSet()
    {
        await FreshNodesAsync(("a", 1), ("b", 1), ("c", 1));
        var chunk = Grains.GetGrain<IChunkGrain>(Guid.NewGuid());
        var plan = await chunk.BeginWriteAsync(10, AnOwner);
        await chunk.CommitAsync(plan.Version, 10, 7, plan.Replicas);

        await chunk.ReportBadReplicaAsync(plan.Replicas[1].NodeName, plan.Replicas[1].DiskId, "CRC32C mismatch in block 0");

        var info = (await chunk.GetAsync())!;
        Assert.Equal(2, info.Replicas.Length);
        Assert.DoesNotContain(info.Replicas, r => r.NodeName == plan.Replicas[1].NodeName);
    }

    [Fact]
    public async Task FileCommit_WithUncommittedChunk_RefusedAndOldVersionIntact()
    {
        await FreshNodesAsync(("a", 1), ("b", 1));
        var path = $"/t/{Guid.NewGuid():N}/data.bin";
        var file = Grains.GetGrain<IDfsFileGrain>(path);
        var first = await CommittedChunkAsync(100);
        var v1 = (await file.CommitVersionAsync(Guid.NewGuid(), 100, "aa", [first], null)).File;

        var pendingChunk = Grains.GetGrain<IChunkGrain>(Guid.NewGuid());
        await pendingChunk.BeginWriteAsync(50, AnOwner);
        var error = await Assert.ThrowsAsync<EddException>(() => file.CommitVersionAsync(Guid.NewGuid(), 50, "bb", [new FileChunk(pendingChunk.GetPrimaryKey(), 50)], null));

        Assert.Equal(ErrorCodes.Conflict, error.Code);
        var current = (await file.GetAsync())!.Current;
        Assert.Equal((v1.Current.Version, v1.Current.Sha256, v1.Current.Size), (current.Version, current.Sha256, current.Size));
        Assert.Equal(v1.Current.Chunks.ToArray(), current.Chunks.ToArray());
    }

    [Fact]
    public async Task FileOverwriteAndDelete_VersionsAdvance_FoldersListNestedEntries()
    {
        await FreshNodesAsync(("a", 1), ("b", 1));
        var root = $"/f{Guid.NewGuid():N}";
        var file = Grains.GetGrain<IDfsFileGrain>($"{root}/photos/2026/cat.jpg");

        var first = await file.CommitVersionAsync(Guid.NewGuid(), 10, "11", [await CommittedChunkAsync(10)], null);
        var second = await file.CommitVersionAsync(Guid.NewGuid(), 20, "22", [await CommittedChunkAsync(20)], new DfsFileAttributes("image/jpeg", null, "someone"));
        var (v1, v2) = (first.File, second.File);

        Assert.Null(first.ReplacedSize);
        Assert.Equal(10, second.ReplacedSize);
        Assert.Equal("image/jpeg", v2.Current.Attributes?.ContentType);
        Assert.Equal(v1.Current.Version + 1, v2.Current.Version);
        Assert.Equal(v1.CreatedAt, v2.CreatedAt);
        Assert.Contains(new DfsEntry(root[1..], true), await Grains.GetGrain<IDfsFolderGrain>("/").ListAsync(null, 100000));
        Assert.Equal([new DfsEntry("2026", true)], (await Grains.GetGrain<IDfsFolderGrain>($"{root}/photos").ListAsync(null, 10)).ToArray());
        Assert.Equal([new DfsEntry("cat.jpg", false)], (await Grains.GetGrain<IDfsFolderGrain>($"{root}/photos/2026").ListAsync(null, 10)).ToArray());

        Assert.Equal(20, (await file.DeleteAsync())?.Size);
        Assert.Null(await file.GetAsync());
        Assert.Empty(await Grains.GetGrain<IDfsFolderGrain>($"{root}/photos/2026").ListAsync(null, 10));
        // The emptied folders leave their parents' listings, up to the root.
        Assert.Empty(await Grains.GetGrain<IDfsFolderGrain>($"{root}/photos").ListAsync(null, 10));
        Assert.DoesNotContain(new DfsEntry(root[1..], true), await Grains.GetGrain<IDfsFolderGrain>("/").ListAsync(null, 100000));
        Assert.Null(await file.DeleteAsync());
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("/", "empty")]
    [InlineData("/a//b", "empty")]
    [InlineData("/a/../etc/passwd", "'..'")]
    [InlineData("/a/./b", "'.'")]
    [InlineData("/a/b/", "end with")]
    [InlineData("/a/b\u0001c", "control")]
    public void PathRules_BadPath_ValidationErrorSaysWhy(string path, string hint)
    {
        var error = Assert.Throws<EddException>(() => DfsPath.Normalize(path));
        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PathRules_RelativeAndDecomposedUnicode_NormalizedToAbsoluteNfc() =>
        Assert.Equal("/caf\u00e9/x", DfsPath.Normalize("cafe\u0301/x"));

    /// <summary>Makes only the given nodes alive: time moves past the timeout of any node an earlier test registered.</summary>
    private async Task<List<string>> FreshNodesAsync(params (string Name, int Disks)[] nodes)
    {
        GrainsClusterFixture.Time.Advance(TimeSpan.FromMinutes(1));
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var names = new List<string>();
        foreach (var (name, disks) in nodes)
        {
            await Beat($"{name}-{suffix}", disks);
            names.Add($"{name}-{suffix}");
        }
        return names;
    }

    private Task Beat(string node, int disks) => Cluster.HeartbeatAsync(new NodeHeartbeat(node, $"http://127.0.0.1:9/{node}",
        [.. Enumerable.Range(0, disks).Select(d => new DiskReport($"{node}-d{d}", 100 * Gib, 50 * Gib - d, 0))], DfsNodeCounters.Zero));

    private async Task<FileChunk> CommittedChunkAsync(long length)
    {
        var chunk = Grains.GetGrain<IChunkGrain>(Guid.NewGuid());
        var plan = await chunk.BeginWriteAsync(length, AnOwner);
        await chunk.CommitAsync(plan.Version, length, 1, plan.Replicas);
        return new FileChunk(chunk.GetPrimaryKey(), length);
    }
}
