using EddCloud.Grains.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using ClusterOptions = EddCloud.Grains.Hosting.ClusterOptions;

namespace EddCloud.Tests.Hosting;

/// <summary>Starts Orleans test clusters whose silos are configured only through AddEddDatabase.</summary>
internal static class DatabaseTestCluster
{
    public const string DataDirectoryKey = "Edd:DataDirectory";
    private const string ModeKey = "Edd:Mode";
    private const string PostgresKey = "Edd:Postgres";

    /// <summary>Stored state is keyed by service id, so every cluster on one store shares it.</summary>
    public const string ServiceId = "edd-tests";

    public static async Task<TestCluster> StartAsync(string dataDirectory, string? postgres, short silos = 1)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = ServiceId;
        builder.Options.ClusterId = $"edd-{Guid.NewGuid():N}"[..16];
        builder.Properties[ModeKey] = postgres is null ? ClusterOptions.SingleMode : ClusterOptions.ClusterMode;
        builder.Properties[PostgresKey] = postgres;
        builder.Properties[DataDirectoryKey] = dataDirectory;
        builder.AddSiloBuilderConfigurator<DatabaseTestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<DatabaseTestClientConfigurator>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops every silo gracefully and releases the SQLite file.</summary>
    public static async Task StopAsync(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    public static ClusterOptions OptionsFrom(IConfiguration configuration) => new()
    {
        Mode = configuration[ModeKey] ?? ClusterOptions.SingleMode,
        Postgres = configuration[PostgresKey],
        ClusterId = configuration["Orleans:ClusterId"] ?? "eddcloud",
        ServiceId = configuration["Orleans:ServiceId"] ?? ServiceId,
    };
}
