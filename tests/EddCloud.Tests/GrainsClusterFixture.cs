using System.Collections.Concurrent;
using EddCloud.Grains;
using EddCloud.Grains.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace EddCloud.Tests;

/// <summary>
/// An in-process Orleans test cluster for grain tests, with a fake clock the tests move and a
/// publisher the tests can make fail. (Grain state here is in memory; durability on SQLite and
/// PostgreSQL is tested in Hosting, and end to end with real kills in SingleNode.)
/// </summary>
public sealed class GrainsClusterFixture : IAsyncLifetime
{
    public static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    public static readonly FlakyEventPublisher Events = new();

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.StopAllSilosAsync();

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) => silo
            .AddMemoryGrainStorage(StorageNames.Default)
            .UseInMemoryReminderService()
            // Grains waiting on the fake clock never finish deactivating; stopping the cluster then waited out
            // Orleans' 30 s default once per run.
            .Configure<Orleans.Configuration.GrainCollectionOptions>(o => o.DeactivationTimeout = TimeSpan.FromSeconds(5))
            .ConfigureServices(services =>
            {
                services.AddSingleton<IEventPublisher>(Events);
                services.AddSingleton<TimeProvider>(Time);
                // No disks in this cluster: chunk server orders fail as they would for a node that is away.
                services.AddSingleton<EddCloud.Grains.Dfs.IChunkServerAgent>(new NoDisksChunkServerAgent());
                services.AddPlacementDirector<EddCloud.Grains.Hosting.NodePinnedPlacement, EddCloud.Silo.Hosting.NodePinnedPlacementDirector>();
            });
    }
}

/// <summary>A chunk server agent of a node that no test names, so every order is refused as for an absent node.</summary>
internal sealed class NoDisksChunkServerAgent : EddCloud.Grains.Dfs.IChunkServerAgent
{
    public string NodeName => "grains-test-silo-without-disks";
    public Task<EddCloud.Grains.Dfs.ReplicaCheck> CopyReplicaAsync(EddCloud.Grains.Dfs.ReplicaCopy copy, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task DeleteReplicaAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<EddCloud.Grains.Dfs.ReplicaCheck> VerifyReplicaAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<System.Collections.Immutable.ImmutableArray<EddCloud.Grains.Dfs.ReplicaEntry>> ListReplicasAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
}

[CollectionDefinition(Name)]
public sealed class GrainsClusterCollection : ICollectionFixture<GrainsClusterFixture>
{
    public const string Name = "grains test cluster";
}

/// <summary>An event publisher that records what it stored and fails while <see cref="Failing"/> is set, as an unreachable NATS would.</summary>
public sealed class FlakyEventPublisher : IEventPublisher
{
    public ConcurrentDictionary<Guid, EventEnvelope> Stored { get; } = new();
    public volatile bool Failing;

    public Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default)
    {
        if (Failing)
            throw new InvalidOperationException("the event bus is unreachable (test)");
        Stored.TryAdd(envelope.Id, envelope);
        return Task.CompletedTask;
    }
}
