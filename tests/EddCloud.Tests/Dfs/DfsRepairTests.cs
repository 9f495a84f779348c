using System.Net;
using EddCloud.Tests.Events;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Dfs;

/// <summary>
/// Four silo processes (four nodes, one chunk directory each) on one PostgreSQL and one NATS: a node killed
/// with SIGKILL in the middle of a 1 GiB upload, then re-replication back to three copies once it times out.
/// </summary>
[IntegrationTest]
public sealed class DfsRepairTests : IClassFixture<PostgresFixture>, IClassFixture<NatsServerFixture>, IAsyncLifetime
{
    private const int ChunkSize = 16 * 1024 * 1024;
    private readonly PostgresFixture _postgres;
    private readonly NatsServerFixture _nats;
    private readonly List<SiloProcess> _nodes = [];

    public DfsRepairTests(PostgresFixture postgres, NatsServerFixture nats) => (_postgres, _nats) = (postgres, nats);

    public async Task InitializeAsync() =>
        _nodes.AddRange(await DfsMaintenance.StartClusterAsync(_postgres, _nats, 4, DfsMaintenance.FastSettings(ChunkSize), "repair"));

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
    }

    [Fact]
    public async Task KillNineOneNode_DuringOneGibUpload_ReadsBackIdentical_ThenEveryChunkBackToThreeReplicas()
    {
        using var writer = await DfsMaintenance.LongTransferClientAsync(_nodes[0]);
        const long size = 1024L * 1024 * 1024;
        var victim = _nodes[1];
        var body = new KillAfterStream(DfsTestFiles.Generate(size, 31), killAt: size / 2, victim);

        var put = await DfsTestFiles.PutAsync(writer, "/big/one-gib.bin", body, size);

        await ApiAssert.StatusAsync(put, HttpStatusCode.Created, "1 GiB upload with a node killed half-way");
        Assert.True(body.Killed, "the node was killed during the upload");
        var expected = await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, 31));
        Assert.Equal(expected, await DfsTestFiles.GetSha256Async(writer, "/big/one-gib.bin"));

        // After the node timeout the three survivors hold three copies of every chunk again.
        var survivors = _nodes.Where(n => n != victim).ToList();
        DfsMaintenance.FsckBody? fsck = null;
        await ApiAssert.EventuallyAsync(async () =>
        {
            await Task.Delay(1000);
            fsck = await DfsMaintenance.FsckAsync(writer, verify: false);
            return fsck.Errors == 0 && !fsck.Problems.Any(p => p.Kind == "under-replicated");
        }, TimeSpan.FromMinutes(3), "every chunk back to three live replicas");
        Assert.Equal(size / ChunkSize, fsck!.Chunks);
        Assert.Equal(3 * fsck.Chunks, survivors.Sum(n => DfsMaintenance.CommittedReplicaFiles(n).Count));

        var verified = await DfsMaintenance.FsckAsync(writer, verify: true);
        Assert.True(verified.Healthy, DfsMaintenance.Describe(verified));
        Assert.Equal(3 * verified.Chunks, verified.ReplicasVerified);
        var status = await DfsMaintenance.StatusAsync(writer);
        Assert.True(status.Repair.Completed > 0, "the repair queue copied chunks");
        Assert.True(status.Totals.RepairBytesCopied >= ChunkSize, "the survivors counted the bytes they copied in");
        Assert.Equal(expected, await DfsTestFiles.GetSha256Async(writer, "/big/one-gib.bin"));
    }
}
