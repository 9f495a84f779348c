using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace EddCloud.Silo.Hosting.Database;

/// <summary>
/// One write of grain state: <see cref="Payload"/> null clears it. <see cref="ExpectedVersion"/> null means
/// "no row yet" (the first write of a grain); otherwise the write applies only to the row still at that version.
/// </summary>
internal sealed record StorageWrite(GrainRowKey Key, long? ExpectedVersion, byte[]? Payload);

/// <summary>
/// Group commit for the SQLite store. SQLite has one writer at a time and synchronous=FULL costs one WAL fsync
/// per transaction, so one-transaction-per-write caps all grains together at the disk's fsync rate (and
/// concurrent writers on separate connections also wait on each other's locks). Here one thread owns the
/// write connection: it takes every write queued while the previous commit was running, applies them in one
/// transaction and completes their tasks after the commit, so N concurrent writes cost one fsync. Nothing waits
/// on purpose: a lone write commits at once; batches form only under load.
/// </summary>
internal sealed partial class SqliteGroupCommitWriter : IDisposable
{
    /// <summary>Bounds one transaction (and the latency of its first write) when very many writes are queued.</summary>
    internal const int MaxBatch = 512;

    private const string InsertSql = """
        INSERT INTO OrleansStorage (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
                                    GrainIdHash, GrainTypeHash, PayloadBinary, Version, ModifiedOn)
        VALUES ($service, $type, $n0, $n1, $extension, $idHash, $typeHash, $payload, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ON CONFLICT DO NOTHING
        RETURNING Version
        """;

    private const string UpdateSql = """
        UPDATE OrleansStorage
        SET PayloadBinary = $payload, Version = Version + 1, ModifiedOn = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE ServiceId = $service AND GrainTypeString = $type AND GrainIdN0 = $n0 AND GrainIdN1 = $n1
          AND GrainIdExtensionString = $extension AND Version = $version
        RETURNING Version
        """;

    private readonly SqliteDataSource dataSource;
    private readonly ILogger logger;
    private readonly BlockingCollection<Pending> queue = [];
    private readonly Lazy<Thread> thread;
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int disposed;
    private long commits;
    private long writes;

    public SqliteGroupCommitWriter(SqliteDataSource dataSource, ILogger logger)
    {
        this.dataSource = dataSource;
        this.logger = logger;
        thread = new Lazy<Thread>(() =>
        {
            var started = new Thread(Run) { IsBackground = true, Name = "edd-sqlite-group-commit" };
            started.Start();
            return started;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Transactions committed so far, and the writes in them (for tests and the benchmark's profile).</summary>
    public long Commits => Interlocked.Read(ref commits);

    public long Writes => Interlocked.Read(ref writes);

    /// <summary>
    /// The row's new version once the transaction holding the write is durable, or null when the row was not at
    /// the expected version (nothing was written).
    /// </summary>
    public Task<long?> WriteAsync(StorageWrite write)
    {
        var pending = new Pending(write);
        try
        {
            queue.Add(pending);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SqliteGrainStorage), "The grain storage is stopped: the silo is shutting down.");
        }

        _ = thread.Value;
        return pending.Completion.Task;
    }

    /// <summary>Commits what is queued, then ends the writer thread; later writes fail.</summary>
    public Task StopAsync()
    {
        if (!queue.IsAddingCompleted)
            queue.CompleteAdding();
        if (!thread.IsValueCreated)
            stopped.TrySetResult();
        return stopped.Task;
    }

    /// <summary>
    /// Idempotent: the storage is registered under several service types (a keyed provider, the default one) and the
    /// container disposes each registration. A second dispose used to touch the disposed queue and abort the process
    /// at the end of every graceful stop (exit code 134).
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        StopAsync().Wait(TimeSpan.FromSeconds(30));
        queue.Dispose();
    }


    private void Run()
    {
        SqliteConnection? connection = null;
        Statements? statements = null;
        try
        {
            var batch = new List<Pending>(MaxBatch);
            foreach (var first in queue.GetConsumingEnumerable())
            {
                batch.Add(first);
                while (batch.Count < MaxBatch && queue.TryTake(out var next))
                    batch.Add(next);
                try
                {
                    connection ??= (SqliteConnection)dataSource.OpenConnection();
                    statements ??= new Statements(connection);
                }
                catch (Exception exception)
                {
                    // Tried again for the next batch: the cause (a full disk, a permission) may go away.
                    LogOpenFailed(logger, exception);
                    foreach (var pending in batch)
                        pending.Completion.TrySetException(exception);
                    batch.Clear();
                    continue;
                }

                CommitOrSplit(connection, statements, batch);
                batch.Clear();
            }
        }
        finally
        {
            statements?.Dispose();
            connection?.Dispose();
            stopped.TrySetResult();
        }
    }

    /// <summary>One transaction for the batch; if it fails, each write alone, so one bad write cannot fail the others.</summary>
    private void CommitOrSplit(SqliteConnection connection, Statements statements, List<Pending> batch)
    {
        var results = new long?[batch.Count];
        try
        {
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                statements.Enlist(transaction);
                for (var i = 0; i < batch.Count; i++)
                    results[i] = statements.Apply(batch[i].Write);
                transaction.Commit();
            }

            Interlocked.Increment(ref commits);
            Interlocked.Add(ref writes, batch.Count);
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            // Rolled back as a whole: nothing of this batch is stored, so each write can be tried again on its own.
            LogBatchFailed(logger, batch.Count, exception);
            foreach (var pending in batch)
                CommitOrSplit(connection, statements, [pending]);
            return;
        }
        catch (Exception exception)
        {
            batch[0].Completion.TrySetException(exception);
            return;
        }

        // Only now, with the WAL fsynced, does any caller learn that its write happened.
        for (var i = 0; i < batch.Count; i++)
            batch[i].Completion.TrySetResult(results[i]);
    }

    private sealed class Pending(StorageWrite write)
    {
        public StorageWrite Write { get; } = write;

        // Grains continue on their own scheduler, never on the writer thread.
        public TaskCompletionSource<long?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The three prepared statements of the write connection, reused for every write.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteCommand insert;
        private readonly SqliteCommand update;

        public Statements(SqliteConnection connection)
        {
            insert = Create(connection, InsertSql, withHashes: true, withVersion: false);
            update = Create(connection, UpdateSql, withHashes: false, withVersion: true);
        }

        public void Enlist(SqliteTransaction transaction)
        {
            insert.Transaction = transaction;
            update.Transaction = transaction;
        }

        /// <summary>The new version, or null when the row is not at the expected version.</summary>
        public long? Apply(StorageWrite write)
        {
            var command = write.ExpectedVersion is null ? insert : update;
            var key = write.Key;
            command.Parameters["$service"].Value = key.ServiceId;
            command.Parameters["$type"].Value = key.StateName;
            command.Parameters["$n0"].Value = key.N0;
            command.Parameters["$n1"].Value = key.N1;
            command.Parameters["$extension"].Value = key.Extension;
            command.Parameters["$payload"].Value = (object?)write.Payload ?? DBNull.Value;
            if (write.ExpectedVersion is { } expected)
            {
                command.Parameters["$version"].Value = expected;
            }
            else
            {
                command.Parameters["$idHash"].Value = key.GrainIdHash;
                command.Parameters["$typeHash"].Value = key.GrainTypeHash;
            }

            var result = command.ExecuteScalar();
            return result is null or DBNull ? null : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
        }

        public void Dispose()
        {
            insert.Dispose();
            update.Dispose();
        }

        private static SqliteCommand Create(SqliteConnection connection, string sql, bool withHashes, bool withVersion)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var parameter in new[] { "$service", "$type", "$n0", "$n1", "$extension", "$payload" })
                command.Parameters.Add(new SqliteParameter(parameter, null));
            if (withHashes)
            {
                command.Parameters.Add(new SqliteParameter("$idHash", null));
                command.Parameters.Add(new SqliteParameter("$typeHash", null));
            }

            if (withVersion)
                command.Parameters.Add(new SqliteParameter("$version", null));
            return command;
        }
    }

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "A group commit of {Count} grain state writes failed; writing them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Error, Message = "The SQLite grain state writer cannot open its connection; the queued writes failed")]
    private static partial void LogOpenFailed(ILogger logger, Exception exception);
}
