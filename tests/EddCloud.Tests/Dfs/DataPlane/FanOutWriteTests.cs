using System.Diagnostics;
using System.IO.Hashing;
using EddCloud.Silo.Dfs.DataPlane;

namespace EddCloud.Tests.Dfs.DataPlane;

[Collection(DataPlaneClusterCollection.Name)]
public sealed class FanOutWriteTests(DataPlaneClusterFixture cluster)
{
    [Fact]
    public async Task WriteAsync_ThreeLiveReplicas_AllPrepareAndReadBackIdentical()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 3);
        var data = DataPlaneTestBed.RandomBytes(10 * 1024 * 1024 + 12_345, seed: 1);
        var chunkId = Guid.NewGuid();

        var result = await bed.WriteAsync(chunkId, 1, data, piece: 100_000);

        Assert.Equal(data.Length, result.Length);
        Assert.Equal(Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data), result.Crc32C);
        Assert.All(result.Replicas, r => Assert.IsType<ReplicaWriteOutcome.Prepared>(r));
        Assert.Equal(3, result.Matching.Count());

        await bed.CommitAsync(chunkId, 1);
        foreach (var node in bed.Nodes)
        {
            var read = await node.TargetAsync(bed.Issuer, chunkId, 1, DataPlaneAccess.Read);
            await using var stream = new ChunkReadStream(bed.Client, [read], 0, data.Length, TimeSpan.FromSeconds(10));
            var copy = await DataPlaneTestBed.ReadAllAsync(stream);
            Assert.True(data.AsSpan().SequenceEqual(copy), $"bytes read back from {node.Name} differ");

            var check = await bed.Client.VerifyAsync(await node.TargetAsync(bed.Issuer, chunkId, 1, DataPlaneAccess.Manage), CancellationToken.None);
            Assert.True(check.Present);
            Assert.Empty(check.BadBlocks);
            Assert.Equal(result.Crc32C, check.Crc32C);
        }
    }

    [Fact]
    public async Task WriteAsync_NodeKilledMidWrite_TwoPreparedAndDeadOneFailed()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 3);
        var data = DataPlaneTestBed.RandomBytes(24 * 1024 * 1024, seed: 2);
        var chunkId = Guid.NewGuid();
        var targets = await bed.TargetsAsync(chunkId, 1, DataPlaneAccess.Write);

        await using var writer = ChunkFanOutWriter.Start(bed.Client, targets, TimeSpan.FromSeconds(5), CancellationToken.None);
        const int piece = 256 * 1024;
        for (var at = 0; at < data.Length; at += piece)
        {
            if (at == 8 * 1024 * 1024)
                await bed[1].KillAsync();
            await writer.WriteAsync(data.AsMemory(at, Math.Min(piece, data.Length - at)), CancellationToken.None);
        }
        var result = await writer.CompleteAsync(CancellationToken.None);

        Assert.IsType<ReplicaWriteOutcome.Prepared>(result.Replicas[0]);
        var failed = Assert.IsType<ReplicaWriteOutcome.Failed>(result.Replicas[1]);
        Assert.Equal(bed[1].Name, failed.Target.NodeName);
        Assert.False(string.IsNullOrWhiteSpace(failed.Reason));
        Assert.IsType<ReplicaWriteOutcome.Prepared>(result.Replicas[2]);
        Assert.Equal([bed[0].Name, bed[2].Name], result.Matching.Select(p => p.Target.NodeName));
        Assert.Equal(data.Length, result.Length);
    }

    [Fact]
    public async Task WriteAsync_NodeStopsReading_DroppedAfterStepTimeoutOthersPrepare()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 3);
        bed[2].Switch.StallStaging = true;
        var data = DataPlaneTestBed.RandomBytes(48 * 1024 * 1024, seed: 3);
        // 3 s, not 1: on a loaded 2-core machine the request itself may take over a second to reach the node, and
        // the test is about a node that stops reading, not about one that never got the request.
        var stepTimeout = TimeSpan.FromSeconds(3);
        // The same write to the two healthy nodes, timed in this run: what moving the data costs on this machine now.
        var healthy = Stopwatch.StartNew();
        await bed.WriteAsync(Guid.NewGuid(), 1, data, nodes: [bed[0], bed[1]], stepTimeout: stepTimeout);
        healthy.Stop();

        var watch = Stopwatch.StartNew();
        var result = await bed.WriteAsync(Guid.NewGuid(), 1, data, stepTimeout: stepTimeout);
        watch.Stop();

        Assert.True(bed[2].Switch.Stalled.IsCompleted, "the stalling node never received the request");
        var failed = Assert.IsType<ReplicaWriteOutcome.Failed>(result.Replicas[2]);
        Assert.Contains("stalled", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(2, result.Matching.Count());
        // One step timeout to notice, not one per write call (192 of them here): the healthy write's time plus ten
        // step timeouts leaves a loaded machine room and still fails a writer that waits per call.
        var bound = healthy.Elapsed + (10 * stepTimeout);
        Assert.True(watch.Elapsed < bound, $"the write took {watch.Elapsed} (the healthy one {healthy.Elapsed}); a stalled replica must cost about one step timeout ({stepTimeout})");
    }

    [Fact]
    public async Task WriteAsync_AbandonedBeforeComplete_NothingStagedAnywhere()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 2);
        var targets = await bed.TargetsAsync(Guid.NewGuid(), 1, DataPlaneAccess.Write);

        await using (var writer = ChunkFanOutWriter.Start(bed.Client, targets, TimeSpan.FromSeconds(5), CancellationToken.None))
            await writer.WriteAsync(DataPlaneTestBed.RandomBytes(3 * 1024 * 1024, seed: 4), CancellationToken.None);

        foreach (var node in bed.Nodes)
            await Eventually.TrueAsync(async () => (await node.ReplicasAsync()).Count == 0, $"{node.Name} still holds a staged replica of an abandoned write");
    }

    [Fact]
    public async Task Operations_ManyInSequence_ReuseOneKeepAliveConnection()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var data = DataPlaneTestBed.RandomBytes(200_000, seed: 5);
        var chunkId = await bed.WriteCommittedAsync(data);
        var before = bed[0].Connections.Count;

        var read = await bed[0].TargetAsync(bed.Issuer, chunkId, 1, DataPlaneAccess.Read);
        var manage = await bed[0].TargetAsync(bed.Issuer, chunkId, 1, DataPlaneAccess.Manage);
        for (var i = 0; i < 20; i++)
        {
            await using (var stream = await bed.Client.OpenReadAsync(read, i * 1000, 1000, CancellationToken.None))
                Assert.Equal(data[(i * 1000)..((i + 1) * 1000)], await DataPlaneTestBed.ReadAllAsync(stream));
            await bed.Client.VerifyAsync(manage, CancellationToken.None);
        }

        Assert.True(bed[0].Connections.Count - before <= 1,
            $"40 sequential operations opened {bed[0].Connections.Count - before} new connections; they must reuse a keep-alive connection");
    }
}
