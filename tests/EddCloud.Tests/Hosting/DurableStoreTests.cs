using Microsoft.Data.Sqlite;

namespace EddCloud.Tests.Hosting;

/// <summary>Grain state and reminders survive a full cluster restart on SQLite and on PostgreSQL.</summary>
[IntegrationTest]
public sealed class DurableStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("edd-store-");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task WriteState_ClusterRestarted_StateReadsBack(string store)
    {
        var connection = await ConnectionFor(store);
        var key = $"probe-{Guid.NewGuid():N}";

        // 1. Write and acknowledge two values on two grains.
        var first = await DatabaseTestCluster.StartAsync(_dataDirectory.FullName, connection);
        await first.Client.GetGrain<IDurabilityProbeGrain>(key).SetValueAsync("one");
        await first.Client.GetGrain<IDurabilityProbeGrain>(key).SetValueAsync("two");
        await first.Client.GetGrain<IDurabilityProbeGrain>(key + "-b").SetValueAsync("bee");
        await DatabaseTestCluster.StopAsync(first);

        // 2. A new cluster on the same store reads the last acknowledged values.
        var second = await DatabaseTestCluster.StartAsync(_dataDirectory.FullName, connection);
        try
        {
            Assert.True("two" == await second.Client.GetGrain<IDurabilityProbeGrain>(key).GetValueAsync(), $"{store}: grain {key} lost its second write");
            Assert.True("bee" == await second.Client.GetGrain<IDurabilityProbeGrain>(key + "-b").GetValueAsync(), $"{store}: grain {key}-b lost its write");
            Assert.Null(await second.Client.GetGrain<IDurabilityProbeGrain>(key + "-never").GetValueAsync());

            // 3. Writing again after the restart continues from the stored version (no ETag conflict).
            await second.Client.GetGrain<IDurabilityProbeGrain>(key).SetValueAsync("three");
            Assert.Equal("three", await second.Client.GetGrain<IDurabilityProbeGrain>(key).GetValueAsync());
        }
        finally
        {
            await DatabaseTestCluster.StopAsync(second);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RegisterReminder_ClusterRestarted_ReminderListed(string store)
    {
        var connection = await ConnectionFor(store);
        var key = $"reminded-{Guid.NewGuid():N}";

        var first = await DatabaseTestCluster.StartAsync(_dataDirectory.FullName, connection);
        await first.Client.GetGrain<IDurabilityProbeGrain>(key).RegisterReminderAsync("nightly");
        await first.Client.GetGrain<IDurabilityProbeGrain>(key).RegisterReminderAsync("hourly");
        await first.Client.GetGrain<IDurabilityProbeGrain>(key).RegisterReminderAsync("hourly");
        await DatabaseTestCluster.StopAsync(first);

        var second = await DatabaseTestCluster.StartAsync(_dataDirectory.FullName, connection);
        try
        {
            var reminders = await second.Client.GetGrain<IDurabilityProbeGrain>(key).ListRemindersAsync();
            Assert.Equal(["hourly", "nightly"], reminders);
        }
        finally
        {
            await DatabaseTestCluster.StopAsync(second);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dataDirectory.Delete(recursive: true);
    }

    private async Task<string?> ConnectionFor(string store) =>
        store == "postgres" ? await postgres.CreateDatabaseAsync() : null;
}
