using EddCloud.Grains.Hosting;
using System.Data.Common;
using EddCloud.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using OrleansClusterOptions = Orleans.Configuration.ClusterOptions;

namespace EddCloud.Silo.Hosting.Database;

/// <summary>Registers EddCloud's durable Orleans store: clustering, grain storage and reminders.</summary>
public static class DatabaseSiloBuilderExtensions
{
    /// <summary>The SQLite file's name inside the data directory.</summary>
    public const string SqliteFileName = "eddcloud.db";

    // Orleans 10.4.2's ADO.NET providers know SQLite only under this invariant, which they map to
    // Microsoft.Data.Sqlite's SqliteFactory; "Microsoft.Data.Sqlite" itself is not in their table.
    internal const string SqliteInvariant = "System.Data.SQLite";

    internal const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Single mode: localhost clustering, grain state and reminders in &lt;dataDirectory&gt;/eddcloud.db.
    /// Cluster mode: ADO.NET clustering, grain state and reminders on PostgreSQL.
    /// The store is migrated as the silo's first start-up step.
    /// </summary>
    public static ISiloBuilder AddEddDatabase(this ISiloBuilder silo, ClusterOptions options, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(silo);
        Validate(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);

        if (options.IsCluster)
        {
            var connectionString = options.Postgres!;
            silo.Configure<OrleansClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            if (string.IsNullOrEmpty(options.AdvertisedAddress))
                silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            else
                silo.ConfigureEndpoints(System.Net.IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = connectionString;
            });
        }
        else
        {
            // One data source for both providers, so every connection gets the durability pragmas.
            var dataSource = new SqliteDataSource(Path.Combine(dataDirectory, SqliteFileName));
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, options.ServiceId, options.ClusterId);
            // Our own provider on the same table: it group-commits concurrent grain writes (one WAL fsync for many).
            silo.Services.AddGrainStorage(StorageNames.Default, (sp, name) => new SqliteGrainStorage(
                name,
                sp.GetRequiredService<IOptions<OrleansClusterOptions>>().Value.ServiceId,
                dataSource,
                sp.GetRequiredService<Orleans.Storage.IGrainStorageSerializer>(),
                sp.GetRequiredService<Orleans.Serialization.Serializers.IActivatorProvider>(),
                sp.GetRequiredService<ILogger<SqliteGrainStorage>>()));
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = SqliteInvariant;
                o.DataSource = dataSource;
            });
        }

        // Grain state is stored with Orleans' own serializer: it round-trips every [GenerateSerializer]
        // type (records, immutable collections) and tolerates added/removed [Id] members, where the
        // default Newtonsoft JSON cannot read back an ImmutableSortedDictionary it wrote.
        silo.Services.AddSingleton<Orleans.Storage.IGrainStorageSerializer, Orleans.Storage.OrleansGrainStorageSerializer>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
            new DatabaseMigrationParticipant(options, dataDirectory, sp.GetRequiredService<ILogger<DatabaseMigrator>>()));
        return silo;
    }

    /// <summary>Applies pending migrations to the configured store (the `migrate` admin command).</summary>
    public static Task MigrateAsync(ClusterOptions options, string dataDirectory, CancellationToken ct) =>
        MigrateAsync(options, dataDirectory, NullLogger<DatabaseMigrator>.Instance, ct);

    /// <summary>Applies pending migrations; returns the versions this call applied.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(ClusterOptions options, string dataDirectory, ILogger<DatabaseMigrator> logger, CancellationToken ct)
    {
        Validate(options);
        var engine = EngineOf(options);
        await using var dataSource = CreateDataSource(options, dataDirectory);
        return await new DatabaseMigrator(engine, dataSource, MigrationCatalog.For(engine), logger).MigrateAsync(ct).ConfigureAwait(false);
    }

    internal static DatabaseEngine EngineOf(ClusterOptions options) =>
        options.IsCluster ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite;

    internal static DbDataSource CreateDataSource(ClusterOptions options, string dataDirectory) =>
        options.IsCluster
            ? NpgsqlDataSource.Create(options.Postgres!)
            : new SqliteDataSource(Path.Combine(dataDirectory, SqliteFileName));

    private static void Validate(ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ClusterOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ClusterOptions), result.Failures);
        }
    }
}
