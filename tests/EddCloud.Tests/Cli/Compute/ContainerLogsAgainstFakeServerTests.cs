using System.Net;
using System.Text.Json;
using EddCloud.Cli;
using EddCloud.Tests.Cli.Dfs;
using EddCloud.Tests.Cli.Storage;

namespace EddCloud.Tests.Cli.Compute;

/// <summary><c>edd containers logs</c> and <c>stats</c>: once, and followed over a fake event stream until it ends or Ctrl+C.</summary>
public sealed class ContainerLogsAgainstFakeServerTests : IDisposable
{
    private const string Logs = $"/api/containers/{ComputeFakes.WebId}/logs";

    private readonly StorageHarness _cli = new() { Time = new StoppedClock() };

    public ContainerLogsAgainstFakeServerTests() => _cli.ServerHandler.WithContainers();

    private static string Line(string stream, string text) =>
        JsonSerializer.Serialize(new { time = "2026-01-02T03:04:05Z", stream, text });

    private static string Stats(double cpu, long memory, int pids = 3) =>
        $$"""{"time":"2026-01-02T03:04:05Z","cpuPercent":{{cpu.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"memoryBytes":{{memory}},"memoryLimitBytes":536870912,"networkRxBytes":2048,"networkTxBytes":1024,"pids":{{pids}},"restartCount":1,"running":true}""";

    [Fact]
    public async Task Logs_Tail_AsksForThatManyAndSplitsStdoutFromStderr()
    {
        _cli.ServerHandler.On("GET", Logs, HttpStatusCode.OK,
            $$"""{"items":[{{Line("stdout", "serving on :8080")}},{{Line("stderr", "warning: no TLS")}},{{Line("stdout", "GET / 200")}}]}""");

        var code = await _cli.RunAsync("containers", "logs", "web", "--tail", "3");

        Assert.Equal(ExitCodes.Ok, code);
        var request = Assert.Single(_cli.ServerHandler.Calls());
        Assert.Equal("3", request.QueryValue("tail"));
        Assert.Null(request.QueryValue("follow"));
        Assert.Equal($"serving on :8080{Environment.NewLine}GET / 200{Environment.NewLine}", _cli.Out);
        Assert.Equal($"warning: no TLS{Environment.NewLine}", _cli.Error);
    }

    [Fact]
    public async Task Logs_TailOutOfRange_IsAUsageErrorBeforeAnyRequest()
    {
        var code = await _cli.RunAsync("containers", "logs", "web", "--tail", "0");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("error: --tail 0 is outside 1-5000", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_FollowUntilTheStreamEnds_PrintsEachLineThenSaysItEnded()
    {
        _cli.ServerHandler.On("GET", Logs, _ => ComputeFakes.Events(
            ("log", Line("stdout", "one")), ("log", Line("stderr", "two; rm -rf / && echo $HOME")), ("other", "{}"), ("log", Line("stdout", "three"))));

        var code = await _cli.RunAsync("containers", "logs", "web", "-f", "--tail", "10");

        Assert.Equal(ExitCodes.Ok, code);
        var request = Assert.Single(_cli.ServerHandler.Calls());
        Assert.Equal("true", request.QueryValue("follow"));
        Assert.Equal("10", request.QueryValue("tail"));
        Assert.Equal("text/event-stream", request.Header("Accept")?.Split(',').Select(a => a.Trim()).FirstOrDefault(a => a == "text/event-stream"));
        Assert.Equal($"one{Environment.NewLine}three{Environment.NewLine}", _cli.Out);
        Assert.StartsWith($"two; rm -rf / && echo $HOME{Environment.NewLine}", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("the log stream ended", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_FollowThenCtrlC_PrintsWhatCameAndExits130()
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _cli.ServerHandler.On("GET", Logs, _ => ComputeFakes.OpenEvents(drained, ("log", Line("stdout", "first")), ("log", Line("stdout", "second"))));
        using var ctrlC = new CancellationTokenSource();

        var run = _cli.RunAsync(new DfsConsole(), ctrlC.Token, "containers", "logs", "web", "--follow");
        await drained.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal($"first{Environment.NewLine}second{Environment.NewLine}", _cli.Out);
        await ctrlC.CancelAsync();
        var code = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("cancelled", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_FollowJson_PrintsOneLogLinePerLine()
    {
        _cli.ServerHandler.On("GET", Logs, _ => ComputeFakes.Events(("log", Line("stdout", "one")), ("log", Line("stderr", "two"))));

        var code = await _cli.RunAsync("--json", "containers", "logs", "web", "-f");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = _cli.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["stdout:one", "stderr:two"], lines.Select(l =>
        {
            using var line = JsonDocument.Parse(l);
            return $"{line.RootElement.GetProperty("stream").GetString()}:{line.RootElement.GetProperty("text").GetString()}";
        }));
    }

    [Fact]
    public async Task Logs_ServerAnswersJsonInsteadOfAStream_SaysTheAnswerIsUnexpected()
    {
        _cli.ServerHandler.On("GET", Logs, HttpStatusCode.OK, """{"items":[]}""");

        var code = await _cli.RunAsync("containers", "logs", "web", "-f");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("instead of an event stream", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: check that --server points at an EddCloud server", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_OneSample_ShowsCpuMemoryOfLimitNetworkPidsRestarts()
    {
        _cli.ServerHandler.On("GET", $"/api/containers/{ComputeFakes.WebId}/stats", HttpStatusCode.OK, Stats(37.5, 134217728));

        var code = await _cli.RunAsync("containers", "stats", "web");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches(@"(?m)^running\s+yes$", _cli.Out);
        Assert.Matches(@"(?m)^cpu\s+37\.5% \(100% = one core\)$", _cli.Out);
        Assert.Matches(@"(?m)^memory\s+128 MiB of 512 MiB \(25%\)$", _cli.Out);
        Assert.Matches(@"(?m)^network\s+2\.00 KiB in, 1\.00 KiB out$", _cli.Out);
        Assert.Matches(@"(?m)^pids\s+3$", _cli.Out);
        Assert.Matches(@"(?m)^restarts\s+1$", _cli.Out);
    }

    [Fact]
    public async Task Stats_Follow_PrintsAHeaderThenALinePerSample()
    {
        _cli.ServerHandler.On("GET", $"/api/containers/{ComputeFakes.WebId}/stats/stream", _ =>
            ComputeFakes.Events(("stats", Stats(12.5, 104857600)), ("stats", Stats(200, 209715200, 7))));

        var code = await _cli.RunAsync("containers", "stats", "web", "--follow");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = _cli.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^TIME\s+CPU\s+MEMORY\s+LIMIT\s+NET IN\s+NET OUT\s+PIDS\s+RESTARTS\s+RUNNING$", lines[0]);
        Assert.Matches(@"^03:04:05Z\s+12\.5%\s+100 MiB\s+512 MiB\s+2\.00 KiB\s+1\.00 KiB\s+3\s+1\s+yes$", lines[1]);
        Assert.Matches(@"^03:04:05Z\s+200\.0%\s+200 MiB\s+512 MiB\s+2\.00 KiB\s+1\.00 KiB\s+7\s+1\s+yes$", lines[2]);
        Assert.Contains("the stats stream ended", _cli.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
