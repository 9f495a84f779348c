using System.Diagnostics;
using EddCloud.Silo.Dfs.DataPlane;
using Xunit.Abstractions;

namespace EddCloud.Tests.Dfs.DataPlane;

/// <summary>
/// Loopback throughput of 256 MiB: a 3-replica fan-out write (each node stages and fsyncs its own
/// copy on this machine's one disk) in 64 MiB chunks, then a read of the same bytes from one replica.
/// </summary>
[Collection(DataPlaneClusterCollection.Name)]
public sealed class DataPlaneThroughputTests(DataPlaneClusterFixture cluster, ITestOutputHelper output)
{
    private const int ChunkBytes = 64 * 1024 * 1024;
    private const int Chunks = 4;

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task FanOutWriteAndRead_256MiB_ReportsThroughput()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 3);
        var source = DataPlaneTestBed.RandomBytes(ChunkBytes, seed: 40);
        var ids = Enumerable.Range(0, Chunks).Select(_ => Guid.NewGuid()).ToArray();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var write = Stopwatch.StartNew();
        foreach (var chunkId in ids)
        {
            var result = await bed.WriteAsync(chunkId, 1, source, piece: 256 * 1024, stepTimeout: TimeSpan.FromSeconds(30));
            Assert.Equal(3, result.Matching.Count());
        }
        write.Stop();
        foreach (var chunkId in ids)
            await bed.CommitAsync(chunkId, 1);
        var allocatedByWrite = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var buffer = new byte[256 * 1024];
        var read = Stopwatch.StartNew();
        long total = 0;
        foreach (var chunkId in ids)
        {
            var targets = await bed.TargetsAsync(chunkId, 1, DataPlaneAccess.Read);
            await using var stream = new ChunkReadStream(bed.Client, targets, 0, ChunkBytes, TimeSpan.FromSeconds(30));
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
                total += n;
        }
        read.Stop();

        Assert.Equal((long)ChunkBytes * Chunks, total);
        const double mib = Chunks * ChunkBytes / (1024.0 * 1024.0);
        output.WriteLine($"3-replica fan-out write of {mib} MiB: {write.Elapsed.TotalSeconds:0.00} s = {mib / write.Elapsed.TotalSeconds:0} MiB/s of source data ({3 * mib / write.Elapsed.TotalSeconds:0} MiB/s to disks)");
        output.WriteLine($"read of {mib} MiB from one replica: {read.Elapsed.TotalSeconds:0.00} s = {mib / read.Elapsed.TotalSeconds:0} MiB/s");
        output.WriteLine($"allocated in this process during the write (client and 3 servers): {allocatedByWrite / (1024.0 * 1024.0):0} MiB");
    }
}
