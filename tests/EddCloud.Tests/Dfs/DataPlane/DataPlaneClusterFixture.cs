using EddCloud.Grains;
using Orleans.TestingHost;

namespace EddCloud.Tests.Dfs.DataPlane;

/// <summary>
/// One in-process Orleans silo on real time: the data-plane nodes publish their signing keys to its
/// JWKS grain and verify each other's tokens through it, as silos of one cluster do.
/// </summary>
public sealed class DataPlaneClusterFixture : IAsyncLifetime
{
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
        public void Configure(ISiloBuilder silo) => silo.AddMemoryGrainStorage(StorageNames.Default).UseInMemoryReminderService();
    }
}

[CollectionDefinition(Name)]
public sealed class DataPlaneClusterCollection : ICollectionFixture<DataPlaneClusterFixture>
{
    public const string Name = "dfs data plane";
}
