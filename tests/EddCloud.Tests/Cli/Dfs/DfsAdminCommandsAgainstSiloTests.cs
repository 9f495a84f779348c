using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using EddCloud.Cli;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Cli.Dfs;

/// <summary>
/// A single-node, single-disk cloud holding one file of two chunks, with maintenance every two seconds so the
/// repair queue fills soon after start instead of after the default ten minutes.
/// </summary>
public sealed class OneFileSiloFixture : IAsyncLifetime
{
    public const int ChunkSize = 1024 * 1024;
    public const int Chunks = 2;
    public const int FileSize = ChunkSize + ChunkSize / 2;
    public const string FilePath = "/fsck/one.bin";

    private SiloProcess? _silo;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["EDD_DFS__CHUNK_SIZE"] = ChunkSize.ToString(CultureInfo.InvariantCulture),
            ["EDD_DFS__RESERVE_BYTES"] = "0",
            ["EDD_DFS__MAINTENANCE_INTERVAL"] = "00:00:02",
        });

        using var cli = new CliAgainstSiloHarness(_silo.BaseAddress);
        (await cli.RunWithStdinAsync(SiloProcess.AdminPassword, "login", "--username", SiloProcess.AdminUsername, "--password-stdin")).AssertOk();
        var local = Path.Combine(cli.ConfigDirectory, "..", "one.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        await File.WriteAllBytesAsync(local, RandomNumberGenerator.GetBytes(FileSize));
        (await cli.RunAsync("dfs", "put", local, FilePath)).AssertOk();
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
            await _silo.DisposeAsync();
    }
}

/// <summary>`edd dfs fsck` and `edd dfs status` against the real single-node cloud, as an admin would run them.</summary>
[IntegrationTest]
public sealed class DfsAdminCommandsAgainstSiloTests(OneFileSiloFixture fixture) : IClassFixture<OneFileSiloFixture>, IAsyncLifetime
{
    private readonly CliAgainstSiloHarness _cli = new(fixture.Silo.BaseAddress);

    public async Task InitializeAsync() =>
        (await _cli.RunWithStdinAsync(SiloProcess.AdminPassword, "login", "--username", SiloProcess.AdminUsername, "--password-stdin")).AssertOk();

    public Task DisposeAsync()
    {
        _cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Fsck_HealthySingleNodeWithOneFile_Exits0AndPrintsTheCounts()
    {
        var run = (await _cli.RunAsync("dfs", "fsck")).AssertOk();

        Assert.Matches(@"(?m)^files\s+1$", run.Out);
        Assert.Matches($@"(?m)^chunks\s+{OneFileSiloFixture.Chunks}$", run.Out);
        Assert.Matches($@"(?m)^replicas verified\s+{OneFileSiloFixture.Chunks} \(1\.50 MiB read\)$", run.Out);
        Assert.Matches(@"(?m)^errors\s+0$", run.Out);
        // One disk keeps one copy of each chunk: a warning per chunk, not an error.
        Assert.Contains($"WARNINGS ({OneFileSiloFixture.Chunks})", run.Out, StringComparison.Ordinal);
        Assert.Contains("under-replicated: " + OneFileSiloFixture.FilePath, run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ERRORS", run.Out, StringComparison.Ordinal);
        Assert.Contains($"healthy: no errors, {OneFileSiloFixture.Chunks} warnings", run.Out, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task FsckJson_HealthySingleNode_ParsesWithTheFileCount()
    {
        var run = (await _cli.RunAsync("--json", "dfs", "fsck", "--no-verify")).AssertOk();

        using var report = JsonDocument.Parse(run.Out);
        Assert.Equal(1, report.RootElement.GetProperty("files").GetInt64());
        Assert.Equal(OneFileSiloFixture.Chunks, report.RootElement.GetProperty("chunks").GetInt64());
        Assert.Equal(0, report.RootElement.GetProperty("replicasVerified").GetInt64());
        Assert.Equal(0, report.RootElement.GetProperty("errors").GetInt32());
        Assert.True(report.RootElement.GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task Status_SingleDisk_ShowsEveryChunkUnderReplicatedAndNotRepairable()
    {
        // The repair queue learns of the chunks from the node's maintenance pass (every 2 s here), the
        // byte counters from its heartbeat: wait for both, within a bound.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            var json = (await _cli.RunAsync("--json", "dfs", "status")).AssertOk();
            using var status = JsonDocument.Parse(json.Out);
            if (status.RootElement.GetProperty("repair").GetProperty("underReplicated").GetInt32() >= OneFileSiloFixture.Chunks
                && status.RootElement.GetProperty("totals").GetProperty("bytesIn").GetInt64() >= OneFileSiloFixture.FileSize)
                break;
            Assert.True(DateTime.UtcNow < deadline, $"the status never counted the chunks and the upload: {json.Out}");
            await Task.Delay(500);
        }

        var run = (await _cli.RunAsync("dfs", "status")).AssertOk();

        Assert.Matches($@"(?m)^under-replicated\s+{OneFileSiloFixture.Chunks} chunks \(0 repairable, 0 lost\)$", run.Out);
        Assert.Matches(@"(?m)^repairs\s+0 queued, 0 in progress, 0 completed, 0 failed$", run.Out);
        Assert.Contains($"UNDER-REPLICATED: {OneFileSiloFixture.Chunks} chunks below 3 replicas cannot be repaired", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("LOST", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ok:", run.Out, StringComparison.Ordinal);
        // The traffic table has the node, and the upload went into it.
        var node = $"node-{fixture.Silo.HttpPort.ToString(CultureInfo.InvariantCulture)}";
        Assert.Matches($@"(?m)^NODE\s+IN\s+OUT\s+RECEIVED\s+SENT$", run.Out);
        Assert.Matches($@"(?m)^{node}\s+\S+ \S*B/s\s+\S+ \S*B/s\s+1\.50 MiB\s+", run.Out);
        Assert.Matches(@"(?m)^GC reclaimed\s+", run.Out);
        Assert.Matches(@"(?m)^scrubbed\s+.*corrupt replicas found$", run.Out);
    }
}
