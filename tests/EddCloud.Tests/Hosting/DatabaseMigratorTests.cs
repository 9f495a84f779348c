using EddCloud.Grains.Hosting;
using EddCloud.Silo.Hosting.Database;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EddCloud.Tests.Hosting;

/// <summary>Migrations apply once, record their versions once, and pick up later versions.</summary>
[IntegrationTest]
public sealed class DatabaseMigratorTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("edd-migrate-");

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.Postgres)]
    public async Task Migrate_RunTwice_SecondRunIsNoOpAndVersionsRecordedOnce(DatabaseEngine engine)
    {
        var options = await OptionsFor(engine);
        var known = MigrationCatalog.For(engine).Select(m => m.Version).ToList();

        var first = await DatabaseSiloBuilderExtensions.MigrateAsync(options, _dataDirectory.FullName, NullLogger(), CancellationToken.None);
        var second = await DatabaseSiloBuilderExtensions.MigrateAsync(options, _dataDirectory.FullName, NullLogger(), CancellationToken.None);

        Assert.Equal(known, first);
        Assert.Empty(second);
        Assert.Equal(known, await RecordedVersionsAsync(options, engine));
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.Postgres)]
    public async Task Migrate_LaterMigrationAdded_AppliesOnlyTheNewOne(DatabaseEngine engine)
    {
        var options = await OptionsFor(engine);
        await DatabaseSiloBuilderExtensions.MigrateAsync(options, _dataDirectory.FullName, CancellationToken.None);
        var later = new Migration(2, "probe", "CREATE TABLE edd_probe (id integer PRIMARY KEY)");

        await using var dataSource = DatabaseSiloBuilderExtensions.CreateDataSource(options, _dataDirectory.FullName);
        var applied = await new DatabaseMigrator(engine, dataSource, [.. MigrationCatalog.For(engine), later]).MigrateAsync(CancellationToken.None);

        Assert.Equal([2], applied);
        Assert.Equal([1, 2], await RecordedVersionsAsync(options, engine));
    }

    [Fact]
    public async Task Migrate_TwoCallersAtOnceOnPostgres_EachVersionAppliedOnce()
    {
        var options = await OptionsFor(DatabaseEngine.Postgres);
        var known = MigrationCatalog.For(DatabaseEngine.Postgres).Select(m => m.Version).ToList();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            DatabaseSiloBuilderExtensions.MigrateAsync(options, _dataDirectory.FullName, NullLogger(), CancellationToken.None))));

        Assert.Equal(known, runs.SelectMany(r => r).Order().ToList());
        Assert.Equal(known, await RecordedVersionsAsync(options, DatabaseEngine.Postgres));
    }

    [Fact]
    public async Task Migrate_Sqlite_DatabaseUsesWalJournal()
    {
        var options = await OptionsFor(DatabaseEngine.Sqlite);
        await DatabaseSiloBuilderExtensions.MigrateAsync(options, _dataDirectory.FullName, CancellationToken.None);

        await using var dataSource = new SqliteDataSource(Path.Combine(_dataDirectory.FullName, DatabaseSiloBuilderExtensions.SqliteFileName));
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, (long?)await command.ExecuteScalarAsync()); // 2 = FULL
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dataDirectory.Delete(recursive: true);
    }

    private static Microsoft.Extensions.Logging.ILogger<DatabaseMigrator> NullLogger() =>
        Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseMigrator>.Instance;

    private async Task<ClusterOptions> OptionsFor(DatabaseEngine engine) => engine == DatabaseEngine.Postgres
        ? new ClusterOptions { Mode = ClusterOptions.ClusterMode, Postgres = await postgres.CreateDatabaseAsync() }
        : new ClusterOptions();

    private async Task<List<int>> RecordedVersionsAsync(ClusterOptions options, DatabaseEngine engine)
    {
        await using var dataSource = DatabaseSiloBuilderExtensions.CreateDataSource(options, _dataDirectory.FullName);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM edd_schema_migrations ORDER BY version";
        var versions = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        if (engine == DatabaseEngine.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
        }

        return versions;
    }
}
