using EddCloud.Grains.Hosting;
using System.Globalization;
using EddCloud.Silo.Hosting.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace EddCloud.Tests.Hosting;

/// <summary>
/// The group-commit grain storage of the single-node store, driven directly: concurrent writes share commits and
/// all read back from a new storage on the same file; ETag conflicts are refused without failing their neighbours.
/// </summary>
public sealed class SqliteGrainStorageTests : IAsyncLifetime
{
    private const string ServiceId = "edd-tests";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edd-grain-storage-");
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(DurabilityProbeState).Assembly))
        .AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>()
        .BuildServiceProvider();

    private SqliteDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        await DatabaseSiloBuilderExtensions.MigrateAsync(new ClusterOptions(), _directory.FullName, CancellationToken.None);
        _dataSource = new SqliteDataSource(Path.Combine(_directory.FullName, DatabaseSiloBuilderExtensions.SqliteFileName));
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task ConcurrentWritesOfManyGrains_SharedCommits_AllReadBackFromANewStorage()
    {
        const int grains = 300;
        using (var storage = CreateStorage())
        {
            // Three rounds per grain, each round all grains at once: the first write of a grain inserts, later ones update.
            var states = Enumerable.Range(0, grains).Select(_ => new GrainState<DurabilityProbeState>(new DurabilityProbeState())).ToArray();
            for (var round = 0; round < 3; round++)
            {
                await Task.WhenAll(Enumerable.Range(0, grains).Select(i => Task.Run(() =>
                {
                    states[i].State = new DurabilityProbeState { Value = $"grain {i} round {round}" };
                    return storage.WriteStateAsync("x", ProbeId(i), states[i]);
                })));
            }

            Assert.All(states, s => Assert.Equal("3", s.ETag));
            var writer = WriterOf(storage);
            Assert.Equal(3 * grains, writer.Writes);
            Assert.True(writer.Commits < writer.Writes, $"{writer.Writes} concurrent writes took {writer.Commits} commits: none were grouped");
        }

        using var reopened = CreateStorage();
        for (var i = 0; i < grains; i++)
        {
            var read = new GrainState<DurabilityProbeState>();
            await reopened.ReadStateAsync("x", ProbeId(i), read);
            Assert.True($"grain {i} round 2" == read.State!.Value, $"grain {i} read back '{read.State!.Value}'");
            Assert.Equal("3", read.ETag);
            Assert.True(read.RecordExists);
        }
    }

    [Fact]
    public async Task StaleETag_Refused_WhileOtherWritesOfTheSameBatchCommit()
    {
        using var storage = CreateStorage();
        var first = new GrainState<DurabilityProbeState>(new DurabilityProbeState { Value = "one" });
        await storage.WriteStateAsync("x", ProbeId(1), first);
        var stale = new GrainState<DurabilityProbeState>(new DurabilityProbeState { Value = "stale" }) { ETag = first.ETag };
        first.State = new DurabilityProbeState { Value = "two" };
        await storage.WriteStateAsync("x", ProbeId(1), first);

        // The stale write and fresh writes of other grains arrive together.
        var others = Enumerable.Range(2, 50).Select(i => storage.WriteStateAsync("x", ProbeId(i), new GrainState<DurabilityProbeState>(new DurabilityProbeState { Value = "other" }))).ToList();
        var conflict = storage.WriteStateAsync("x", ProbeId(1), stale);
        var second = storage.WriteStateAsync("x", ProbeId(1), new GrainState<DurabilityProbeState>(new DurabilityProbeState { Value = "as if new" }));

        await Assert.ThrowsAsync<InconsistentStateException>(() => conflict);
        await Assert.ThrowsAsync<InconsistentStateException>(() => second); // no ETag, but the row exists: another activation wrote it
        await Task.WhenAll(others);
        var read = new GrainState<DurabilityProbeState>();
        await storage.ReadStateAsync("x", ProbeId(1), read);
        Assert.Equal("two", read.State!.Value);
        Assert.Equal("2", read.ETag);
        Assert.Equal("stale", stale.State!.Value);
    }

    [Fact]
    public async Task Clear_KeepsTheRowWithANewVersion_SoAStaleActivationCannotWriteBack()
    {
        using var storage = CreateStorage();
        var state = new GrainState<DurabilityProbeState>(new DurabilityProbeState { Value = "kept" });
        await storage.WriteStateAsync("x", ProbeId(7), state);
        var staleETag = state.ETag;

        await storage.ClearStateAsync("x", ProbeId(7), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.State!.Value);
        var read = new GrainState<DurabilityProbeState>();
        await storage.ReadStateAsync("x", ProbeId(7), read);
        Assert.Null(read.State!.Value);
        Assert.Equal(state.ETag, read.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("x", ProbeId(7),
            new GrainState<DurabilityProbeState>(new DurabilityProbeState { Value = "resurrected" }) { ETag = staleETag }));
    }

    [Fact]
    public async Task RowWrittenByTheAdoNetProviderQuery_ReadAndUpdated()
    {
        // The provider this storage replaced wrote rows with the WriteToStorageKey query of migration 0001; an
        // existing install's state must read back unchanged.
        var serializer = _services.GetRequiredService<IGrainStorageSerializer>();
        var payload = serializer.Serialize(new DurabilityProbeState { Value = "from before" }).ToArray();
        var guid = Guid.NewGuid();
        var grainId = GrainId.Create(GrainType.Create("probe"), GrainIdKeyExtensions.CreateGuidKey(guid));
        await using (var connection = (SqliteConnection)await _dataSource.OpenConnectionAsync())
        {
            await using var query = connection.CreateCommand();
            query.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'";
            await using var write = connection.CreateCommand();
            write.CommandText = (string)(await query.ExecuteScalarAsync())!;
            var bytes = guid.ToByteArray();
            write.Parameters.AddWithValue("@ServiceId", ServiceId);
            write.Parameters.AddWithValue("@GrainTypeString", "chunk");
            write.Parameters.AddWithValue("@GrainIdN0", BitConverter.ToInt64(bytes, 0));
            write.Parameters.AddWithValue("@GrainIdN1", BitConverter.ToInt64(bytes, 8));
            write.Parameters.AddWithValue("@GrainIdExtensionString", DBNull.Value);
            write.Parameters.AddWithValue("@GrainIdHash", 1);
            write.Parameters.AddWithValue("@GrainTypeHash", 2);
            write.Parameters.AddWithValue("@GrainStateVersion", DBNull.Value);
            write.Parameters.AddWithValue("@PayloadBinary", payload);
            await write.ExecuteNonQueryAsync();
        }

        using var storage = CreateStorage();
        var read = new GrainState<DurabilityProbeState>();
        await storage.ReadStateAsync("chunk", grainId, read);
        Assert.Equal("from before", read.State!.Value);
        Assert.Equal("1", read.ETag);
        read.State = new DurabilityProbeState { Value = "after" };
        await storage.WriteStateAsync("chunk", grainId, read);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task WriteAfterStop_FailsClearly()
    {
        var storage = CreateStorage();
        await storage.WriteStateAsync("x", ProbeId(1), new GrainState<DurabilityProbeState>(new DurabilityProbeState { Value = "a" }));
        await WriterOf(storage).StopAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            storage.WriteStateAsync("x", ProbeId(2), new GrainState<DurabilityProbeState>(new DurabilityProbeState { Value = "b" })));
        storage.Dispose();
    }

    private SqliteGrainStorage CreateStorage() => new(
        "Default", ServiceId, _dataSource,
        _services.GetRequiredService<IGrainStorageSerializer>(),
        _services.GetRequiredService<IActivatorProvider>(),
        NullLogger<SqliteGrainStorage>.Instance);

    private static SqliteGroupCommitWriter WriterOf(SqliteGrainStorage storage) => storage.Writer;

    private static GrainId ProbeId(int i) => GrainId.Create("probe", i.ToString(CultureInfo.InvariantCulture));
}
