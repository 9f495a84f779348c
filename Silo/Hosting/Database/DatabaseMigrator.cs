using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EddCloud.Silo.Hosting.Database;

/// <summary>
/// Applies pending <see cref="Migration"/>s in one transaction and records each in
/// edd_schema_migrations(version, name, applied_at). Running it again is a no-op; on
/// PostgreSQL an advisory lock makes silos that start together apply each migration once.
/// </summary>
public sealed class DatabaseMigrator
{
    // Arbitrary but fixed: every EddCloud migrator on a PostgreSQL server takes this lock.
    private const long PostgresLockKey = 0x4564_6443_6C6F_7564;

    private readonly DatabaseEngine _engine;
    private readonly DbDataSource _dataSource;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger _logger;

    public DatabaseMigrator(DatabaseEngine engine, DbDataSource dataSource, IReadOnlyList<Migration> migrations, ILogger<DatabaseMigrator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(migrations);
        _engine = engine;
        _dataSource = dataSource;
        _migrations = [.. migrations.OrderBy(m => m.Version)];
        _logger = logger ?? NullLogger<DatabaseMigrator>.Instance;
    }

    /// <summary>Applies what is pending; returns the versions applied by this call, in order.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        var target = DescribeTarget(_engine, _dataSource.ConnectionString);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // SQLite: BEGIN IMMEDIATE takes the write lock now, so two processes serialise here.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (_engine == DatabaseEngine.Postgres)
        {
            // Held until commit or rollback; a second silo waits here and then finds nothing pending.
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresLockKey})", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, _engine == DatabaseEngine.Postgres
            ? "CREATE TABLE IF NOT EXISTS edd_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)"
            : "CREATE TABLE IF NOT EXISTS edd_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            cancellationToken).ConfigureAwait(false);

        var applied = await ReadAppliedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var known = _migrations.Select(m => m.Version).ToHashSet();
        foreach (var unknown in applied.Where(v => !known.Contains(v)))
        {
            DatabaseLog.UnknownVersion(_logger, _engine, target, unknown);
        }

        var pending = _migrations.Where(m => !applied.Contains(m.Version)).ToList();
        if (pending.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            DatabaseLog.UpToDate(_logger, _engine, target, applied.Count == 0 ? 0 : applied.Max());
            return [];
        }

        DatabaseLog.Migrating(_logger, _engine, target, pending.Count, _migrations.Count);
        foreach (var migration in pending)
        {
            var started = Stopwatch.GetTimestamp();
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await RecordAsync(connection, transaction, migration, cancellationToken).ConfigureAwait(false);
            DatabaseLog.Applied(_logger, migration.Version, migration.Name, _engine, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // All pending migrations land together or not at all.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return [.. pending.Select(m => m.Version)];
    }

    /// <summary>Where a store lives, for logs: the file, or host/port/database (never credentials).</summary>
    internal static string DescribeTarget(DatabaseEngine engine, string connectionString)
    {
        if (engine == DatabaseEngine.Sqlite)
        {
            return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<HashSet<int>> ReadAppliedAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM edd_schema_migrations";
        var versions = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return versions;
    }

    private async Task RecordAsync(DbConnection connection, DbTransaction transaction, Migration migration, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _engine == DatabaseEngine.Postgres
            ? "INSERT INTO edd_schema_migrations (version, name, applied_at) VALUES (@version, @name, now())"
            : "INSERT INTO edd_schema_migrations (version, name, applied_at) VALUES (@version, @name, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
        AddParameter(command, "version", migration.Version);
        AddParameter(command, "name", migration.Name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
