using System.Net;
using System.Text.Json;
using EddCloud.Cli;
using EddCloud.Cli.Terminal;

namespace EddCloud.Tests.Cli.Dfs;

/// <summary><c>edd dfs status</c> (traffic, repair, maintenance) and <c>edd dfs fsck</c> against an in-memory fake of <c>/api/dfs</c>.</summary>
public sealed class DfsAdminCommandsAgainstFakeServerTests : IDisposable
{
    private readonly DfsHarness _cli = new();

    private const string StatusJson = """
        {"chunkSize":67108864,"replicationFactor":3,"capacityBytes":3000000000000,"freeBytes":1000000000000,"replicas":42,
         "nodes":[
           {"name":"node-a","alive":true,"lastSeen":"2099-01-01T00:00:00Z","dataPlaneUrl":"http://a:8081","disks":[{"id":"d1","capacityBytes":1000000000000,"freeBytes":400000000000,"replicas":14}],
            "rates":{"bytesInPerSecond":1258291.2,"bytesOutPerSecond":0},"totals":{"bytesIn":12884901888,"bytesOut":0,"gcReclaimedBytes":0,"gcReclaimedReplicas":0,"scrubbedBytes":0,"corruptReplicasFound":0,"repairBytesCopied":0}},
           {"name":"node-b","alive":true,"lastSeen":"2099-01-01T00:00:00Z","dataPlaneUrl":"http://b:8081","disks":[{"id":"d2","capacityBytes":1000000000000,"freeBytes":300000000000,"replicas":14}],
            "rates":{"bytesInPerSecond":0,"bytesOutPerSecond":524288},"totals":{"bytesIn":0,"bytesOut":3221225472,"gcReclaimedBytes":0,"gcReclaimedReplicas":0,"scrubbedBytes":0,"corruptReplicasFound":0,"repairBytesCopied":0}},
           {"name":"node-c","alive":true,"lastSeen":"2099-01-01T00:00:00Z","dataPlaneUrl":"http://c:8081","disks":[{"id":"d3","capacityBytes":1000000000000,"freeBytes":300000000000,"replicas":14}],
            "rates":{"bytesInPerSecond":0,"bytesOutPerSecond":0},"totals":{"bytesIn":0,"bytesOut":0,"gcReclaimedBytes":0,"gcReclaimedReplicas":0,"scrubbedBytes":0,"corruptReplicasFound":0,"repairBytesCopied":0}}
         ],
         "rates":{"bytesInPerSecond":1258291.2,"bytesOutPerSecond":524288},
         "totals":{"bytesIn":12884901888,"bytesOut":3221225472,"gcReclaimedBytes":3221225472,"gcReclaimedReplicas":120,"scrubbedBytes":1099511627776,"corruptReplicasFound":2,"repairBytesCopied":1288490189},
         "repair":{"underReplicated":12,"repairable":5,"queued":3,"inProgress":2,"completed":40,"failed":1,"bytesCopied":1288490189,"lost":2}}
        """;

    private const string HealthyStatusJson = """
        {"chunkSize":67108864,"replicationFactor":1,"capacityBytes":100,"freeBytes":50,"replicas":1,
         "nodes":[{"name":"node-a","alive":true,"lastSeen":"2099-01-01T00:00:00Z","dataPlaneUrl":"http://a:8081","disks":[{"id":"d1","capacityBytes":100,"freeBytes":50,"replicas":1}],
                   "rates":{"bytesInPerSecond":0,"bytesOutPerSecond":0},"totals":{"bytesIn":0,"bytesOut":0,"gcReclaimedBytes":0,"gcReclaimedReplicas":0,"scrubbedBytes":0,"corruptReplicasFound":0,"repairBytesCopied":0}}],
         "rates":{"bytesInPerSecond":0,"bytesOutPerSecond":0},
         "totals":{"bytesIn":0,"bytesOut":0,"gcReclaimedBytes":0,"gcReclaimedReplicas":0,"scrubbedBytes":0,"corruptReplicasFound":0,"repairBytesCopied":0},
         "repair":{"underReplicated":0,"repairable":0,"queued":0,"inProgress":0,"completed":0,"failed":0,"bytesCopied":0,"lost":0}}
        """;

    private const string ChunkA = "6f1c2d3e-0000-4000-8000-000000000001";

    private static string Problem(string severity, string kind, string detail, string? path = null, string? chunk = null, string? node = null, string? disk = null) =>
        JsonSerializer.Serialize(new { severity, kind, detail, path, chunkId = chunk, node, disk });

    private static string Report(int errors, int warnings, bool truncated, params string[] problems) =>
        $$"""
        {"files":7,"chunks":9,"replicasVerified":25,"bytesVerified":1572864,"unreferencedReplicas":1,"errors":{{errors}},"warnings":{{warnings}},
         "problems":[{{string.Join(',', problems)}}],"truncated":{{(truncated ? "true" : "false")}},"healthy":{{(errors == 0 ? "true" : "false")}}}
        """;

    [Fact]
    public async Task Status_ShowsRatesRepairAndMaintenanceWithin80Columns()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/status", _ => DfsFakeServer.Json(HttpStatusCode.OK, StatusJson));

        var code = await _cli.RunAsync("dfs", "status");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = _cli.Out.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("NODE", StringComparison.Ordinal) && l.Contains("IN", StringComparison.Ordinal) && l.Contains("OUT", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("node-a", StringComparison.Ordinal) && l.Contains("1.20 MiB/s", StringComparison.Ordinal) && l.Contains("12.0 GiB", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("node-b", StringComparison.Ordinal) && l.Contains("512 KiB/s", StringComparison.Ordinal) && l.EndsWith("3.00 GiB", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("under-replicated", StringComparison.Ordinal) && l.EndsWith("12 chunks (5 repairable, 2 lost)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("repairs", StringComparison.Ordinal)
            && l.EndsWith("3 queued, 2 in progress, 40 completed, 1 failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("repair copied", StringComparison.Ordinal) && l.EndsWith("1.20 GiB", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("GC reclaimed", StringComparison.Ordinal) && l.EndsWith("3.00 GiB (120 replicas)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("scrubbed", StringComparison.Ordinal) && l.EndsWith("1.00 TiB; 2 corrupt replicas found", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("LOST: 2 chunks have no live replica", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("UNDER-REPLICATED: 5 chunks below 3 replicas cannot be repaired", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("REPAIRING: 5 chunks", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("ok:", StringComparison.Ordinal));

        // Tables and the summary fit an 80-column terminal; only the sentences after them may wrap.
        var tables = lines.TakeWhile(l => !l.StartsWith("LOST:", StringComparison.Ordinal));
        Assert.All(tables, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
    }

    [Fact]
    public async Task Status_NothingToRepair_SaysOk()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/status", _ => DfsFakeServer.Json(HttpStatusCode.OK, HealthyStatusJson));

        var code = await _cli.RunAsync("dfs", "status");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("0 chunks (0 repairable, 0 lost)", _cli.Out, StringComparison.Ordinal);
        Assert.Contains("ok: all 1 nodes alive", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Json_KeepsRepairAndTotals()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/status", _ => DfsFakeServer.Json(HttpStatusCode.OK, StatusJson));

        var code = await _cli.RunAsync("--json", "dfs", "status");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(2, document.RootElement.GetProperty("repair").GetProperty("lost").GetInt32());
        Assert.Equal(120, document.RootElement.GetProperty("totals").GetProperty("gcReclaimedReplicas").GetInt64());
    }

    [Fact]
    public async Task Fsck_Errors_ListsThemFirstWithWhereAndExits1()
    {
        var report = Report(1, 1, false,
            Problem("info", "staged-replica", "No file uses this staged copy.", chunk: ChunkA, node: "node-c", disk: "d3"),
            Problem("warning", "under-replicated", "2 of 3 replicas are live.", "/photos/b.raw", ChunkA),
            Problem("error", "replica-corrupt", "3 blocks fail their CRC32C (first: block 0).", "/photos/a.raw", ChunkA, "node-a", "d1"));
        _cli.ServerHandler.On("POST", "/api/dfs/fsck", _ => DfsFakeServer.Json(HttpStatusCode.OK, report));

        var code = await _cli.RunAsync("dfs", "fsck");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("true", Assert.Single(_cli.ServerHandler.Requests).QueryValue("verify"));
        var output = _cli.Out;
        Assert.Matches(@"files\s+7", output);
        Assert.Matches(@"chunks\s+9", output);
        Assert.Matches(@"replicas verified\s+25 \(1\.50 MiB read\)", output);
        Assert.Matches(@"errors\s+1", output);
        Assert.Matches(@"warnings\s+1", output);
        var errors = output.IndexOf("ERRORS (1)", StringComparison.Ordinal);
        var warnings = output.IndexOf("WARNINGS (1)", StringComparison.Ordinal);
        var info = output.IndexOf("INFO (1)", StringComparison.Ordinal);
        Assert.True(errors >= 0 && errors < warnings && warnings < info, output);
        Assert.Contains("  replica-corrupt: /photos/a.raw\n    chunk " + ChunkA + ", node node-a, disk d1\n    3 blocks fail their CRC32C", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("NOT HEALTHY: 1 error, 1 warning", output, StringComparison.Ordinal);
        Assert.Empty(_cli.Error);
    }

    [Fact]
    public async Task Fsck_OnlyWarnings_IsHealthyAndExits0()
    {
        var report = Report(0, 1, false, Problem("warning", "under-replicated", "1 of 3 replicas are live.", "/a.bin", ChunkA));
        _cli.ServerHandler.On("POST", "/api/dfs/fsck", _ => DfsFakeServer.Json(HttpStatusCode.OK, report));

        var code = await _cli.RunAsync("dfs", "fsck", "--no-verify");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("false", Assert.Single(_cli.ServerHandler.Requests).QueryValue("verify"));
        Assert.Contains("none read (--no-verify)", _cli.Out, StringComparison.Ordinal);
        Assert.Contains("healthy: no errors, 1 warning", _cli.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ERRORS", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fsck_Truncated_SaysSoPlainly()
    {
        var report = Report(1, 0, true, Problem("error", "chunk-missing", "The file points at a chunk that is not committed.", "/a.bin", ChunkA));
        _cli.ServerHandler.On("POST", "/api/dfs/fsck", _ => DfsFakeServer.Json(HttpStatusCode.OK, report));

        var code = await _cli.RunAsync("dfs", "fsck");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("TRUNCATED: the server lists only the first 1 problems; more exist", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fsck_Json_PrintsTheReportAndStillExits1OnErrors()
    {
        var report = Report(1, 0, false, Problem("error", "chunk-missing", "Not committed.", "/a.bin", ChunkA));
        _cli.ServerHandler.On("POST", "/api/dfs/fsck", _ => DfsFakeServer.Json(HttpStatusCode.OK, report));

        var code = await _cli.RunAsync("--json", "dfs", "fsck");

        Assert.Equal(ExitCodes.Failed, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(7, document.RootElement.GetProperty("files").GetInt64());
        Assert.Equal("chunk-missing", document.RootElement.GetProperty("problems")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Fsck_StderrIsTerminal_DrawsSpinnerAndErasesIt()
    {
        _cli.ServerHandler.On("POST", "/api/dfs/fsck", _ =>
        {
            Thread.Sleep(ElapsedSpinner.Interval * 3);
            return DfsFakeServer.Json(HttpStatusCode.OK, Report(0, 0, false));
        });

        var code = await _cli.RunAsync(new DfsConsole(errorTerminal: true), "dfs", "fsck");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("fsck: reading every replica", _cli.Error, StringComparison.Ordinal);
        Assert.EndsWith("\r", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("", _cli.Error.Split('\r')[^2].Trim());
        Assert.DoesNotContain("\r", _cli.Out, StringComparison.Ordinal);
        Assert.Contains("healthy: no errors", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fsck_StderrNotTerminal_WritesNothingThere()
    {
        _cli.ServerHandler.On("POST", "/api/dfs/fsck", _ => DfsFakeServer.Json(HttpStatusCode.OK, Report(0, 0, false)));

        var code = await _cli.RunAsync("dfs", "fsck");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(_cli.Error);
    }

    [Fact]
    public async Task Fsck_ServerError_ShowsTheProblemDetailAndExits1()
    {
        _cli.ServerHandler.On("POST", "/api/dfs/fsck", _ => DfsFakeServer.Problem(HttpStatusCode.ServiceUnavailable, "unavailable", "The cluster is starting."));

        var code = await _cli.RunAsync("dfs", "fsck");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: The cluster is starting.", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Out);
    }

    public void Dispose() => _cli.Dispose();
}
