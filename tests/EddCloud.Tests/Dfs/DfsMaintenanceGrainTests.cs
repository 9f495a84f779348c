using System.Collections.Immutable;
using EddCloud.Grains.Dfs;

namespace EddCloud.Tests.Dfs;

/// <summary>
/// How the chunk and file grains judge the replicas nodes report (keep, adopt, delete, unknown), collect
/// released and orphaned chunks after the grace period, and plan repairs, on an in-process cluster with a fake clock.
/// </summary>
[Collection(GrainsClusterCollection.Name)]
public sealed class DfsMaintenanceGrainTests(GrainsClusterFixture fixture)
{
    private const long Gib = 1024L * 1024 * 1024;
    private static readonly TimeSpan Grace = new DfsOptions().GcGracePeriod;
    private IGrainFactory Grains => fixture.Grains;
    private IDfsClusterGrain Cluster => Grains.GetGrain<IDfsClusterGrain>(IDfsClusterGrain.Key);

    [Fact]
    public async Task Reconcile_EachKindOfReplica_GetsTheRightVerdict()
    {
        var nodes = await FreshNodesAsync("a", "b", "c", "d");
        var (chunk, info) = await CommittedChunkAsync(nodes[..3], prepared: 3);
        var version = info.Version;

        var counted = await chunk.ReconcileReplicaAsync(Report(info.Replicas[0], version), [.. nodes]);
        var older = await chunk.ReconcileReplicaAsync(Report(info.Replicas[0], version - 1), [.. nodes]);
        var surplus = await chunk.ReconcileReplicaAsync(new ReplicaReport(nodes[3], $"{nodes[3]}-d0", version, Committed: true), [.. nodes]);
        var unknown = await Grains.GetGrain<IChunkGrain>(Guid.NewGuid()).ReconcileReplicaAsync(Report(info.Replicas[0], 1), [.. nodes]);

        Assert.Equal((ReplicaVerdict.Keep, 3, 3), (counted.Verdict, counted.LiveReplicas, counted.Wanted));
        Assert.Equal(ReplicaVerdict.Delete, older.Verdict);
        Assert.Equal(ReplicaVerdict.Delete, surplus.Verdict);
        Assert.Equal(ReplicaVerdict.Unknown, unknown.Verdict);
    }

    [Fact]
    public async Task Reconcile_WriteInProgressThenAbandoned_KeptUntilItsDeadlineThenDeleted()
    {
        var nodes = await FreshNodesAsync("a", "b");
        var chunk = Grains.GetGrain<IChunkGrain>(Guid.NewGuid());
        var plan = await chunk.BeginWriteAsync(100, new ChunkOwner("/w/pending.bin", Guid.NewGuid()));
        var staged = new ReplicaReport(plan.Replicas[0].NodeName, plan.Replicas[0].DiskId, plan.Version, Committed: false);

        Assert.Equal(ReplicaVerdict.Keep, (await chunk.ReconcileReplicaAsync(staged, [.. nodes])).Verdict);
        GrainsClusterFixture.Time.Advance(new DfsOptions().WriteDeadline + TimeSpan.FromSeconds(1));
        Assert.Equal(ReplicaVerdict.Delete, (await chunk.ReconcileReplicaAsync(staged, [.. nodes])).Verdict);
    }

    [Fact]
    public async Task StaleReplica_NeverListedForReads_AdoptedOnlyWithTheCommittedBytes()
    {
        var nodes = await FreshNodesAsync("a", "b", "c");
        // Two of three prepared: the third node holds a staged copy that missed the commit.
        var (chunk, info) = await CommittedChunkAsync([.. nodes], prepared: 2);
        var missed = nodes.Single(n => info.Replicas.All(r => r.NodeName != n));
        var stale = new ReplicaReport(missed, $"{missed}-d0", info.Version, Committed: false);

        var decision = await chunk.ReconcileReplicaAsync(stale, [.. nodes]);
        Assert.Equal(ReplicaVerdict.Adopt, decision.Verdict);
        Assert.DoesNotContain((await chunk.GetAsync())!.Replicas, r => r.NodeName == missed);

        var location = new ReplicaLocation(missed, $"{missed}-d0", $"http://127.0.0.1:9/{missed}");
        Assert.False(await chunk.AdoptReplicaAsync(location, info.Version, info.Length, info.Crc32C ^ 1));
        Assert.DoesNotContain((await chunk.GetAsync())!.Replicas, r => r.NodeName == missed);
        Assert.True(await chunk.AdoptReplicaAsync(location, info.Version, info.Length, info.Crc32C));
        Assert.Equal(3, (await chunk.GetAsync())!.Replicas.Length);
    }

    [Fact]
    public async Task FailedUpload_ChunksKeptWhileLeased_DeletedAfterLeaseAndGrace()
    {
        var nodes = await FreshNodesAsync("a", "b");
        var path = $"/up/{Guid.NewGuid():N}.bin";
        var file = Grains.GetGrain<IDfsFileGrain>(path);
        var owner = new ChunkOwner(path, Guid.NewGuid());
        await file.KeepUploadAliveAsync(owner.UploadId);
        var (chunk, info) = await CommittedChunkAsync([.. nodes], prepared: 2, owner);
        var report = Report(info.Replicas[0], info.Version);

        GrainsClusterFixture.Time.Advance(Grace + TimeSpan.FromSeconds(1));
        await file.KeepUploadAliveAsync(owner.UploadId);
        Assert.Equal(ReplicaVerdict.Keep, (await chunk.ReconcileReplicaAsync(report, [.. nodes])).Verdict);

        await file.EndUploadAsync(owner.UploadId);
        GrainsClusterFixture.Time.Advance(new DfsOptions().UploadLease);
        var verdict = await chunk.ReconcileReplicaAsync(report, [.. nodes]);

        Assert.Equal(ReplicaVerdict.Delete, verdict.Verdict);
        Assert.Null(await chunk.GetAsync());
    }

    [Fact]
    public async Task Overwrite_OldChunksKeptThroughTheGracePeriod_ThenDeleted_NewOnesKept()
    {
        var nodes = await FreshNodesAsync("a", "b");
        var path = $"/ow/{Guid.NewGuid():N}.bin";
        var file = Grains.GetGrain<IDfsFileGrain>(path);
        var (oldChunk, oldInfo) = await CommittedChunkAsync([.. nodes], prepared: 2, new ChunkOwner(path, Guid.NewGuid()));
        await file.CommitVersionAsync(Guid.NewGuid(), oldInfo.Length, "11", [new FileChunk(oldInfo.ChunkId, oldInfo.Length)], null);
        var (newChunk, newInfo) = await CommittedChunkAsync([.. nodes], prepared: 2, new ChunkOwner(path, Guid.NewGuid()));
        await file.CommitVersionAsync(Guid.NewGuid(), newInfo.Length, "22", [new FileChunk(newInfo.ChunkId, newInfo.Length)], null);

        Assert.Equal(0, await file.CollectReleasedAsync());
        GrainsClusterFixture.Time.Advance(Grace + TimeSpan.FromSeconds(1));
        Assert.Equal(ReplicaVerdict.Keep, (await oldChunk.ReconcileReplicaAsync(Report(oldInfo.Replicas[0], oldInfo.Version), [.. nodes])).Verdict);
        Assert.Equal(1, await file.CollectReleasedAsync());

        Assert.Null(await oldChunk.GetAsync());
        Assert.Equal(ReplicaVerdict.Delete, (await oldChunk.ReconcileReplicaAsync(Report(oldInfo.Replicas[0], oldInfo.Version), [.. nodes])).Verdict);
        Assert.Equal(ReplicaVerdict.Keep, (await newChunk.ReconcileReplicaAsync(Report(newInfo.Replicas[0], newInfo.Version), [.. nodes])).Verdict);
        Assert.Equal(0, await file.CollectReleasedAsync());
    }

    [Fact]
    public async Task PlanRepair_ReplicaOnDeadNode_CopiesToTheFreeNode_ThenForgetsTheDeadOne()
    {
        var nodes = await FreshNodesAsync("a", "b", "c", "d");
        var (chunk, info) = await CommittedChunkAsync(nodes[..3], prepared: 3);
        var dead = info.Replicas[0].NodeName;
        var alive = nodes.Where(n => n != dead).ToImmutableArray();

        var plan = await chunk.PlanRepairAsync(alive);

        Assert.NotNull(plan);
        var target = Assert.Single(plan.Targets);
        Assert.Equal(nodes[3], target.NodeName);
        Assert.DoesNotContain(plan.Sources, s => s.NodeName == dead);
        Assert.True(await chunk.CompleteRepairAsync(plan.Version, [target], alive));
        var repaired = (await chunk.GetAsync())!;
        Assert.Equal(nodes[1..].Order(), repaired.Replicas.Select(r => r.NodeName).Order());
        Assert.Null(await chunk.PlanRepairAsync(alive));
    }

    [Fact]
    public async Task PlanRepair_NoFreeFailureDomain_NothingPlanned()
    {
        var nodes = await FreshNodesAsync("a", "b");
        var (chunk, _) = await CommittedChunkAsync([.. nodes], prepared: 2);

        Assert.Null(await chunk.PlanRepairAsync([.. nodes]));
    }

    [Fact]
    public async Task ClusterView_IncompleteAfterTheLiveSetChanges_CompleteOnceItSettles()
    {
        var nodes = await FreshNodesAsync("a");
        var joined = await Cluster.GetViewAsync();
        GrainsClusterFixture.Time.Advance(new DfsOptions().NodeTimeout - TimeSpan.FromSeconds(1));
        await Beat(nodes[0]);
        var settled = await Cluster.GetViewAsync();
        GrainsClusterFixture.Time.Advance(TimeSpan.FromSeconds(2));
        await Beat(nodes[0]);
        var later = await Cluster.GetViewAsync();

        Assert.False(joined.Complete);
        Assert.Contains(nodes[0], later.AliveNodes);
        Assert.True(later.Complete);
        Assert.Equal(settled.Epoch, later.Epoch);
    }

    private static ReplicaReport Report(ReplicaLocation replica, long version) => new(replica.NodeName, replica.DiskId, version, Committed: true);

    /// <summary>Makes only the given nodes alive (one disk each): time moves past the timeout of nodes earlier tests registered.</summary>
    private async Task<string[]> FreshNodesAsync(params string[] names)
    {
        GrainsClusterFixture.Time.Advance(TimeSpan.FromMinutes(1));
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var nodes = names.Select(n => $"{n}-{suffix}").ToArray();
        foreach (var node in nodes)
            await Beat(node);
        return nodes;
    }

    private Task Beat(string node) => Cluster.HeartbeatAsync(new NodeHeartbeat(node, $"http://127.0.0.1:9/{node}",
        [new DiskReport($"{node}-d0", 100 * Gib, 50 * Gib, 0)], DfsNodeCounters.Zero));

    /// <summary>A chunk written on the given nodes, committed with the first <paramref name="prepared"/> of its placed replicas.</summary>
    private async Task<(IChunkGrain Chunk, ChunkInfo Info)> CommittedChunkAsync(string[] on, int prepared, ChunkOwner? owner = null)
    {
        var chunk = Grains.GetGrain<IChunkGrain>(Guid.NewGuid());
        var plan = await chunk.BeginWriteAsync(1000, owner ?? new ChunkOwner("/tests/chunk", Guid.NewGuid()));
        Assert.All(plan.Replicas, r => Assert.Contains(r.NodeName, on));
        var info = await chunk.CommitAsync(plan.Version, 1000, 0xC0FFEE, [.. plan.Replicas.Take(prepared)]);
        return (chunk, info);
    }
}
