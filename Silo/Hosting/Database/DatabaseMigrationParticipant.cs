using EddCloud.Grains.Hosting;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace EddCloud.Silo.Hosting.Database;

/// <summary>Migrates the store as the silo's very first lifecycle step, before clustering, storage or reminders touch it.</summary>
internal sealed class DatabaseMigrationParticipant(
    ClusterOptions options,
    string dataDirectory,
    ILogger<DatabaseMigrator> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DatabaseMigrationParticipant), ServiceLifecycleStage.First, MigrateAsync);

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var engine = DatabaseSiloBuilderExtensions.EngineOf(options);
        await using DbDataSource dataSource = DatabaseSiloBuilderExtensions.CreateDataSource(options, dataDirectory);
        DatabaseLog.Configured(logger, engine == DatabaseEngine.Postgres ? ClusterOptions.ClusterMode : ClusterOptions.SingleMode,
            options.ClusterId, options.ServiceId, DatabaseMigrator.DescribeTarget(engine, dataSource.ConnectionString));
        await new DatabaseMigrator(engine, dataSource, MigrationCatalog.For(engine), logger).MigrateAsync(cancellationToken).ConfigureAwait(false);
    }
}
