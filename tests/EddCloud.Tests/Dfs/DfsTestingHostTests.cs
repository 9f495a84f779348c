using System.Collections.Concurrent;
using System.Collections.Immutable;
using EddCloud.Grains;
using EddCloud.Grains.Dfs;
using EddCloud.Grains.Errors;
using EddCloud.Silo.Dfs.Disks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace EddCloud.Tests.Dfs;

/// <summary>
/// Three Orleans TestingHost silos in one process, each with its own real chunk directory: chunk-server grains
/// land on their own silo, and a repair copies a chunk onto the node that lacks it. The copy between silos is
/// an in-process read of the source's store instead of the HTTP data plane, which needs Kestrel (tested with
/// real processes in DfsRepairTests and DfsClusterTests).
/// </summary>
public sealed class DfsTestingHostTests : IAsyncLifetime
{
    private const long Gib = 1024L * 1024 * 1024;
    private static readonly ConcurrentDictionary<string, FileChunkStore> Stores = new(StringComparer.Ordinal);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<Configurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.StopAllSilosAsync();

    [Fact]
    public async Task ThreeSilos_ChunkServersPinnedToTheirSilo_RepairCopiesOntoTheNodeWithoutIt_InProcessCopyInsteadOfDataPlane()
    {
        var grains = _cluster.GrainFactory;
        var nodes = _cluster.Silos.Select(s => s.Name).Order(StringComparer.Ordinal).ToArray();
        var cluster = grains.GetGrain<IDfsClusterGrain>(IDfsClusterGrain.Key);
        foreach (var node in nodes)
            await cluster.HeartbeatAsync(new NodeHeartbeat(node, $"inprocess://{node}", [new DiskReport(DiskOf(node), 100 * Gib, 50 * Gib, 0)], DfsNodeCounters.Zero));

        // A chunk committed on two of the three nodes: the third missed it.
        var chunk = grains.GetGrain<IChunkGrain>(Guid.NewGuid());
        var plan = await chunk.BeginWriteAsync(200_000, new ChunkOwner("/testinghost/a.bin", Guid.NewGuid()));
        var bytes = new byte[200_000];
        Random.Shared.NextBytes(bytes);
        var prepared = plan.Replicas.Take(2).ToList();
        StagedChunk? staged = null;
        foreach (var replica in prepared)
        {
            var store = StoreOf(replica.NodeName);
            staged = await store.StageAsync(chunk.GetPrimaryKey(), plan.Version, replica.DiskId, new MemoryStream(bytes), bytes.Length, CancellationToken.None);
            await store.CommitAsync(chunk.GetPrimaryKey(), plan.Version, CancellationToken.None);
        }
        var info = await chunk.CommitAsync(plan.Version, staged!.Length, staged.Crc32C, [.. prepared]);
        var missing = plan.Replicas[2].NodeName;

        // Each node's chunk server answers from its own disk only.
        foreach (var node in nodes)
            Assert.Equal(node == missing ? 0 : 1, (await grains.GetGrain<IChunkServerGrain>(node).ListReplicasAsync()).Length);
        var away = await Assert.ThrowsAsync<EddException>(() => grains.GetGrain<IChunkServerGrain>("no-such-node").ListReplicasAsync());
        Assert.Equal(ErrorCodes.Unavailable, away.Code);

        await grains.GetGrain<IDfsRepairGrain>(IDfsRepairGrain.Key).EnqueueAsync([new RepairRequest(info.ChunkId, 2, 3, Repairable: true)]);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await chunk.GetAsync())!.Replicas.Length < 3 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Contains((await chunk.GetAsync())!.Replicas, r => r.NodeName == missing);
        var copy = await grains.GetGrain<IChunkServerGrain>(missing).VerifyReplicaAsync(info.ChunkId, info.Version, DiskOf(missing));
        Assert.True(copy.Present);
        Assert.Empty(copy.BadBlocks);
        Assert.Equal((info.Length, info.Crc32C), (copy.Length, copy.Crc32C));
        Assert.Equal(1, (await grains.GetGrain<IDfsRepairGrain>(IDfsRepairGrain.Key).GetStatusAsync()).Completed);
    }

    private static string DiskOf(string node) => StoreOf(node).Disks[0].Id;

    /// <summary>Each node's real store in its own temp directory, made when first needed (by the test or by that silo's agent).</summary>
    private static FileChunkStore StoreOf(string node) => Stores.GetOrAdd(node, _ =>
    {
        var options = new DfsStorageOptions { ReserveBytes = 0 };
        options.ChunkDirectories.Add(Directory.CreateTempSubdirectory("edd-testinghost-").FullName);
        return new FileChunkStore(Options.Create(options), NullLogger<FileChunkStore>.Instance);
    });

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) => silo
            .AddMemoryGrainStorage(StorageNames.Default)
            .UseInMemoryReminderService()
            .ConfigureServices(services =>
            {
                services.AddPlacementDirector<EddCloud.Grains.Hosting.NodePinnedPlacement, EddCloud.Silo.Hosting.NodePinnedPlacementDirector>();
                services.AddSingleton<IChunkServerAgent>(sp => new InProcessChunkServerAgent(sp.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName));
            });
    }

    /// <summary>A node's real chunk store in a temp directory; repair copies read the source node's store directly.</summary>
    private sealed class InProcessChunkServerAgent : IChunkServerAgent
    {
        private readonly FileChunkStore _store;

        public InProcessChunkServerAgent(string nodeName)
        {
            NodeName = nodeName;
            _store = StoreOf(nodeName);
        }

        public string NodeName { get; }

        public async Task<ReplicaCheck> CopyReplicaAsync(ReplicaCopy copy, CancellationToken cancellationToken)
        {
            var source = StoreOf(copy.Sources[0].NodeName);
            await using var data = await source.OpenReadAsync(copy.ChunkId, copy.Version, 0, copy.Length, cancellationToken)
                ?? throw new InvalidOperationException("the source has no replica");
            var staged = await _store.StageAsync(copy.ChunkId, copy.Version, copy.DiskId, data, copy.Length, cancellationToken);
            await _store.CommitAsync(copy.ChunkId, copy.Version, cancellationToken);
            return new ReplicaCheck(true, staged.Length, staged.Crc32C, [], null);
        }

        public Task DeleteReplicaAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken) =>
            _store.RemoveFromDiskAsync(chunkId, version, diskId, cancellationToken);

        public async Task<ReplicaCheck> VerifyReplicaAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken)
        {
            var check = await _store.VerifyAsync(chunkId, version, diskId, cancellationToken);
            return new ReplicaCheck(check.Present, check.Length, check.Crc32C, [.. check.BadBlocks], null);
        }

        public async Task<ImmutableArray<ReplicaEntry>> ListReplicasAsync(CancellationToken cancellationToken)
        {
            var entries = ImmutableArray.CreateBuilder<ReplicaEntry>();
            await foreach (var r in _store.ListAsync(cancellationToken))
                entries.Add(new ReplicaEntry(r.ChunkId, r.Version, r.DiskId, r.Committed, r.Length, r.ModifiedAt));
            return entries.ToImmutable();
        }
    }
}
