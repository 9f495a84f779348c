using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace EddCloud.Silo.Hosting.Database;

/// <summary>
/// Grain state in the single-node SQLite store (table OrleansStorage of migration 0001, the rows the
/// ADO.NET provider wrote before, read and written the same way). Writes go through one
/// <see cref="SqliteGroupCommitWriter"/>: the writes of many grains that arrive together share one
/// transaction and one WAL fsync, and each caller is answered only after that commit is durable.
/// The ETag is the row's Version: a write with a stale ETag changes nothing and fails with
/// <see cref="InconsistentStateException"/>, as with the ADO.NET provider.
/// </summary>
public sealed partial class SqliteGrainStorage(
    string name,
    string serviceId,
    SqliteDataSource dataSource,
    IGrainStorageSerializer serializer,
    IActivatorProvider activators,
    ILogger<SqliteGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const string ReadSql = """
        SELECT PayloadBinary, Version FROM OrleansStorage
        WHERE ServiceId = $service AND GrainTypeString = $type AND GrainIdN0 = $n0 AND GrainIdN1 = $n1 AND GrainIdExtensionString = $extension
        """;

    private readonly SqliteGroupCommitWriter writer = new(dataSource, logger);

    /// <summary>The group committer, whose counters tell how many writes shared each commit.</summary>
    internal SqliteGroupCommitWriter Writer => writer;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        // Stops after the grains were deactivated (their last writes are committed first) and before the store closes.
        lifecycle.Subscribe($"{nameof(SqliteGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices,
            _ => Task.CompletedTask, _ => writer.StopAsync());
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = GrainRowKey.Of(serviceId, stateName, grainId);
        // Readers use their own pooled connections: in WAL mode they never wait for the writer.
        await using var connection = (SqliteConnection)await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = ReadSql;
        key.Bind(command);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        // A cleared row keeps its version with no payload: the grain starts empty but must write with that ETag.
        grainState.State = reader.IsDBNull(0)
            ? activators.GetActivator<T>().Create()
            : serializer.Deserialize<T>(new BinaryData((byte[])reader.GetValue(0)));
        grainState.ETag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = GrainRowKey.Of(serviceId, stateName, grainId);
        var payload = serializer.Serialize(grainState.State).ToArray();
        var expected = ParseETag(grainState.ETag);
        var version = await writer.WriteAsync(new StorageWrite(key, expected, payload)).ConfigureAwait(false)
            ?? throw Conflict("WriteState", key, grainState.ETag);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (!grainState.RecordExists)
        {
            await ReadStateAsync(stateName, grainId, grainState).ConfigureAwait(false);
            if (!grainState.RecordExists)
                return;
        }

        var key = GrainRowKey.Of(serviceId, stateName, grainId);
        // Like the ADO.NET provider's clear: the row stays with a new version, so a stale activation cannot write over it.
        var version = await writer.WriteAsync(new StorageWrite(key, ParseETag(grainState.ETag), Payload: null)).ConfigureAwait(false)
            ?? throw Conflict("ClearState", key, grainState.ETag);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
    }

    public void Dispose() => writer.Dispose();

    private static long? ParseETag(string? etag) =>
        string.IsNullOrWhiteSpace(etag) ? null : long.Parse(etag, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string operation, GrainRowKey key, string? etag)
    {
        LogConflict(logger, operation, key.StateName, key.Describe(), etag);
        return new InconsistentStateException(
            $"Version conflict ({operation}): ServiceId={serviceId} ProviderName={name} GrainType={key.StateName} GrainId={key.Describe()} ETag={etag}.");
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "{Operation} of state {StateName} of grain {GrainId} refused: the stored version is not ETag {ETag} (another activation wrote it)")]
    private static partial void LogConflict(ILogger logger, string operation, string stateName, string grainId, string? etag);
}

/// <summary>
/// Where a grain's state lives in OrleansStorage, mapped exactly as Orleans' ADO.NET provider maps it, so rows
/// written by either are the same rows: GUID keys as two int64 halves of <see cref="Guid.ToByteArray()"/>,
/// integer keys in N1, string keys in the extension column ('' for none). The two hash columns are informational
/// (no query uses them) and filled with the ADO.NET provider's hasher for the same reason.
/// </summary>
internal sealed record GrainRowKey(string ServiceId, string StateName, long N0, long N1, string Extension, int GrainIdHash, int GrainTypeHash)
{
    private static readonly OrleansDefaultHasher Hasher = new();

    public static GrainRowKey Of(string serviceId, string stateName, GrainId grainId)
    {
        long n0 = 0, n1 = 0;
        string? extension;
        byte[] hashInput;
        if (grainId.TryGetGuidKey(out var guid, out extension))
        {
            var bytes = guid.ToByteArray();
            n0 = BitConverter.ToInt64(bytes, 0);
            n1 = BitConverter.ToInt64(bytes, 8);
            hashInput = [.. bytes, .. Utf8(extension)];
        }
        else if (grainId.TryGetIntegerKey(out var integer, out extension))
        {
            n1 = integer;
            hashInput = [.. BitConverter.GetBytes(integer), .. Utf8(extension)];
        }
        else
        {
            extension = grainId.Key.ToString();
            hashInput = Utf8(extension);
        }

        if (BitConverter.IsLittleEndian)
            Array.Reverse(hashInput);
        return new GrainRowKey(serviceId, stateName, n0, n1, extension ?? "", Hasher.Hash(hashInput), Hasher.Hash(Encoding.UTF8.GetBytes(stateName)));
    }

    /// <summary>Binds $service, $type, $n0, $n1, $extension (and the hashes, where the statement has them).</summary>
    public void Bind(SqliteCommand command)
    {
        command.Parameters.AddWithValue("$service", ServiceId);
        command.Parameters.AddWithValue("$type", StateName);
        command.Parameters.AddWithValue("$n0", N0);
        command.Parameters.AddWithValue("$n1", N1);
        command.Parameters.AddWithValue("$extension", Extension);
    }

    public string Describe() => N0 == 0 && N1 == 0 ? Extension : $"{N0}/{N1}{(Extension.Length > 0 ? "#" + Extension : "")}";

    private static byte[] Utf8(string? text) => text is null ? [] : Encoding.UTF8.GetBytes(text);
}
