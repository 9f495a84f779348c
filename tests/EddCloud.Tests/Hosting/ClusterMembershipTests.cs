using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;

namespace EddCloud.Tests.Hosting;

/// <summary>Cluster mode: silos find each other through the PostgreSQL membership table.</summary>
[IntegrationTest]
public sealed class ClusterMembershipTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("edd-cluster-");

    [Fact]
    public async Task StartTwoSilos_PostgresClustering_EachSeesBothActive()
    {
        var connection = await postgres.CreateDatabaseAsync();
        var cluster = await DatabaseTestCluster.StartAsync(_dataDirectory.FullName, connection, silos: 2);
        try
        {
            foreach (var silo in cluster.GetActiveSilos().Cast<Orleans.TestingHost.InProcessSiloHandle>())
            {
                var membership = silo.ServiceProvider.GetRequiredService<IClusterMembershipService>();
                var active = membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
                Assert.True(active == 2, $"silo {silo.SiloAddress} sees {active} active silos, expected 2");
            }

            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE status = 3", db);
            Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);

            // A grain call through an ADO.NET-discovered gateway works and state lands in PostgreSQL.
            await cluster.Client.GetGrain<IDurabilityProbeGrain>("cluster-probe").SetValueAsync("seen");
            command.CommandText = "SELECT count(*) FROM orleansstorage WHERE payloadbinary IS NOT NULL";
            Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        }
        finally
        {
            await DatabaseTestCluster.StopAsync(cluster);
        }
    }

    public void Dispose() => _dataDirectory.Delete(recursive: true);
}
