using System.Net;
using System.Text;
using System.Text.Json;
using EddCloud.Cli;

namespace EddCloud.Tests.Cli.Dfs;

/// <summary>Unit tests of <c>edd dfs ...</c> against an in-memory fake of <c>/api/dfs</c>.</summary>
public sealed class DfsCommandsAgainstFakeServerTests : IDisposable
{
    private readonly DfsHarness _cli = new();

    private static byte[] Data(int length, int seed = 7)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Put_LocalFile_SendsExactBytesWithContentLengthAndReportsResult()
    {
        var data = Data(300_000);
        var local = _cli.WriteLocal("photos.tar", data);
        _cli.ServerHandler.On("PUT", "/api/dfs/files/backups/photos.tar", r => DfsFakeServer.Written("/backups/photos.tar", r.Body!.Length, DfsFakeServer.Sha256(r.Body)));

        var code = await _cli.RunAsync("dfs", "put", local, "/backups/photos.tar");

        Assert.Equal(ExitCodes.Ok, code);
        var request = Assert.Single(_cli.ServerHandler.Requests);
        Assert.Equal(data, request.Body);
        Assert.Equal(data.Length, request.ContentLength);
        Assert.Equal("Bearer session-jwt", request.Authorization);
        Assert.Contains("/backups/photos.tar", _cli.Out, StringComparison.Ordinal);
        Assert.Contains(DfsFakeServer.Sha256(data), _cli.Out, StringComparison.Ordinal);
        Assert.Contains("300000 bytes", _cli.Out, StringComparison.Ordinal);
        Assert.Contains("3 of 3", _cli.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("under-replicated", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_ServerReportsFewerReplicas_ShowsUnderReplicated()
    {
        var local = _cli.WriteLocal("a.bin", Data(10));
        _cli.ServerHandler.On("PUT", "/api/dfs/files/a.bin", r => DfsFakeServer.Written("/a.bin", r.Body!.Length, DfsFakeServer.Sha256(r.Body), replicas: 2, factor: 3));

        var code = await _cli.RunAsync("dfs", "put", local, "a.bin");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("2 of 3 (under-replicated)", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_RemoteFolderPath_UsesLocalNameAndEscapesIt()
    {
        var local = _cli.WriteLocal("my report.pdf", Data(1000));
        _cli.ServerHandler.On("PUT", "/api/dfs/files/docs/2026/my%20report.pdf",
            r => DfsFakeServer.Written("/docs/2026/my report.pdf", r.Body!.Length, DfsFakeServer.Sha256(r.Body)));

        var code = await _cli.RunAsync("dfs", "put", local, "/docs/2026/");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("/api/dfs/files/docs/2026/my%20report.pdf", Assert.Single(_cli.ServerHandler.Requests).Path);
    }

    [Fact]
    public async Task Put_ServerShaDiffers_Exits1WithChecksumError()
    {
        var local = _cli.WriteLocal("a.bin", Data(5000));
        _cli.ServerHandler.On("PUT", "/api/dfs/files/a.bin", r => DfsFakeServer.Written("/a.bin", r.Body!.Length, new string('0', 64)));

        var code = await _cli.RunAsync("dfs", "put", local, "/a.bin");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: the server stored /a.bin", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: ", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("", _cli.Out);
    }

    [Fact]
    public async Task Put_ShaMismatchWithJson_WritesChecksumProblemOnStderr()
    {
        var local = _cli.WriteLocal("a.bin", Data(50));
        _cli.ServerHandler.On("PUT", "/api/dfs/files/a.bin", r => DfsFakeServer.Written("/a.bin", r.Body!.Length, new string('0', 64)));

        var code = await _cli.RunAsync("--json", "dfs", "put", local, "/a.bin");

        Assert.Equal(ExitCodes.Failed, code);
        using var problem = JsonDocument.Parse(_cli.Error);
        Assert.Equal("checksum_mismatch", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Put_Stdin_StreamsItWithoutContentLength()
    {
        var data = Data(70_000);
        _cli.ServerHandler.On("PUT", "/api/dfs/files/dumps/db.sql", r => DfsFakeServer.Written("/dumps/db.sql", r.Body!.Length, DfsFakeServer.Sha256(r.Body)));

        var code = await _cli.RunAsync(new DfsConsole { Stdin = data }, "dfs", "put", "-", "/dumps/db.sql");

        Assert.Equal(ExitCodes.Ok, code);
        var request = Assert.Single(_cli.ServerHandler.Requests);
        Assert.Equal(data, request.Body);
        Assert.Null(request.ContentLength);
    }

    [Fact]
    public async Task Put_StdinIntoFolder_RefusedWithoutCallingServer()
    {
        var code = await _cli.RunAsync(new DfsConsole { Stdin = [1] }, "dfs", "put", "-", "/dumps/");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("give the full remote path", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_MissingLocalFile_Exits1WithoutCallingServer()
    {
        var code = await _cli.RunAsync("dfs", "put", _cli.LocalPath("nope.bin"), "/a.bin");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("there is no local file", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_Json_OutputsTheServerJson()
    {
        var local = _cli.WriteLocal("a.bin", Data(64));
        _cli.ServerHandler.On("PUT", "/api/dfs/files/a.bin", r => DfsFakeServer.Written("/a.bin", r.Body!.Length, DfsFakeServer.Sha256(r.Body)));

        var code = await _cli.RunAsync("--json", "dfs", "put", local, "/a.bin");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(64, document.RootElement.GetProperty("file").GetProperty("size").GetInt64());
        Assert.Equal(3, document.RootElement.GetProperty("replicationFactor").GetInt32());
        Assert.Equal("", _cli.Error);
    }

    [Fact]
    public async Task Put_StderrNotATerminal_WritesOnlyOneFinalProgressLine()
    {
        var local = _cli.WriteLocal("big.bin", Data(2_000_000));
        _cli.ServerHandler.On("PUT", "/api/dfs/files/big.bin", r => DfsFakeServer.Written("/big.bin", r.Body!.Length, DfsFakeServer.Sha256(r.Body)));

        var code = await _cli.RunAsync(new DfsConsole(errorTerminal: false), "dfs", "put", local, "/big.bin");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.DoesNotContain('\r', _cli.Error);
        var line = Assert.Single(_cli.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("big.bin: sent 1.91 MiB in ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WholeFile_WritesTargetAndLeavesNoTempFile()
    {
        var data = Data(400_000);
        _cli.ServerHandler.On("GET", "/api/dfs/files/backups/photos.tar", _ => DfsFakeServer.File(data));
        var target = _cli.LocalPath("photos.tar");

        var code = await _cli.RunAsync("dfs", "get", "/backups/photos.tar", target);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(data, await File.ReadAllBytesAsync(target));
        Assert.Equal([target], Directory.GetFiles(_cli.Files));
        Assert.Contains("sha256 verified", _cli.Out, StringComparison.Ordinal);
        Assert.Null(Assert.Single(_cli.ServerHandler.Requests).Range);
    }

    [Fact]
    public async Task Get_IntoExistingFolder_UsesRemoteName()
    {
        var data = Data(10);
        _cli.ServerHandler.On("GET", "/api/dfs/files/a/b.txt", _ => DfsFakeServer.File(data));

        var code = await _cli.RunAsync("dfs", "get", "a/b.txt", _cli.Files);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(data, await File.ReadAllBytesAsync(_cli.LocalPath("b.txt")));
    }

    [Fact]
    public async Task Get_HashMismatch_Exits1AndLeavesNoFile()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/files/a.bin", _ => DfsFakeServer.File(Data(300_000), etagSha: new string('a', 64)));

        var code = await _cli.RunAsync("dfs", "get", "/a.bin", _cli.LocalPath("a.bin"));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(Directory.GetFileSystemEntries(_cli.Files));
        Assert.Contains("error: the data received for /a.bin has sha256", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_HashMismatch_KeepsThePreviousTargetUntouched()
    {
        var target = _cli.WriteLocal("a.bin", Encoding.UTF8.GetBytes("old contents"));
        _cli.ServerHandler.On("GET", "/api/dfs/files/a.bin", _ => DfsFakeServer.File(Data(1000), etagSha: new string('a', 64)));

        var code = await _cli.RunAsync("dfs", "get", "/a.bin", target);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("old contents", await File.ReadAllTextAsync(target));
        Assert.Equal([target], Directory.GetFiles(_cli.Files));
    }

    [Fact]
    public async Task Get_Range_SendsRangeHeaderAndWritesExactlyThoseBytes()
    {
        var data = Data(10_000);
        _cli.ServerHandler.On("GET", "/api/dfs/files/a.bin", _ => DfsFakeServer.Partial(data, 100, 1099));
        var target = _cli.LocalPath("part.bin");

        var code = await _cli.RunAsync("dfs", "get", "/a.bin", target, "--range", "100-1099");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("bytes=100-1099", Assert.Single(_cli.ServerHandler.Requests).Range);
        Assert.Equal(data[100..1100], await File.ReadAllBytesAsync(target));
        Assert.Contains("bytes 100-1099 of 10000", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ServerIgnoresRange_Exits1AndWritesNothing()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/files/a.bin", _ => DfsFakeServer.File(Data(10_000)));

        var code = await _cli.RunAsync("dfs", "get", "/a.bin", _cli.LocalPath("part.bin"), "--range", "0-99");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(Directory.GetFileSystemEntries(_cli.Files));
    }

    [Fact]
    public async Task Get_InvalidRange_RefusedWithoutCallingServer()
    {
        var code = await _cli.RunAsync("dfs", "get", "/a.bin", _cli.LocalPath("x"), "--range", "9-3");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    [Fact]
    public async Task Get_ToStdout_WritesTheBytesAndNoSummary()
    {
        var data = Data(3000);
        _cli.ServerHandler.On("GET", "/api/dfs/files/a.bin", _ => DfsFakeServer.File(data));
        var console = new DfsConsole();

        var code = await _cli.RunAsync(console, "dfs", "get", "/a.bin", "-");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(data, console.Stdout.ToArray());
        Assert.Equal("", _cli.Out);
    }

    [Fact]
    public async Task Get_NotFound_Exits1WithLsHint()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/files/backups/gone.tar",
            _ => DfsFakeServer.Problem(HttpStatusCode.NotFound, "not_found", "There is no file /backups/gone.tar."));

        var code = await _cli.RunAsync("dfs", "get", "/backups/gone.tar", _cli.LocalPath("gone.tar"));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: There is no file /backups/gone.tar.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: no such file; see `edd dfs ls /backups`", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_cli.Files));
    }

    [Fact]
    public async Task Get_ServerStallsMidBody_Exits2AndLeavesNoFile()
    {
        _cli.Environment["EDD_STALL_TIMEOUT"] = "0.3";
        _cli.ServerHandler.On("GET", "/api/dfs/files/slow.bin", _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(Data(1000))) };
            response.Content.Headers.ContentLength = 100_000;
            return response;
        });

        var code = await _cli.RunAsync("dfs", "get", "/slow.bin", _cli.LocalPath("slow.bin"));

        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("stalled: nothing moved for 0.3 s after 1000 B", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("EDD_STALL_TIMEOUT", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_cli.Files));
    }

    [Fact]
    public async Task Ls_All_FollowsCursorsAndMarksFolders()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/folders", r => r.QueryValue("after") switch
        {
            null => DfsFakeServer.Json(HttpStatusCode.OK, """{"path":"/backups","items":[{"name":"2025","isFolder":true},{"name":"a.tar","isFolder":false}],"next":"a.tar"}"""),
            "a.tar" => DfsFakeServer.Json(HttpStatusCode.OK, """{"path":"/backups","items":[{"name":"b.tar","isFolder":false}],"next":null}"""),
            _ => DfsFakeServer.Problem(HttpStatusCode.BadRequest, "validation", "bad cursor"),
        });

        var code = await _cli.RunAsync("dfs", "ls", "/backups/", "--all", "--limit", "2");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["2025/", "a.tar", "b.tar"], _cli.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.All(_cli.ServerHandler.Requests, r => Assert.Equal(("/backups", "2"), (r.QueryValue("path"), r.QueryValue("limit"))));
        Assert.Equal(2, _cli.ServerHandler.Requests.Count);
    }

    [Fact]
    public async Task Ls_OnePageWithMore_PrintsNextCommand()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/folders",
            _ => DfsFakeServer.Json(HttpStatusCode.OK, """{"path":"/","items":[{"name":"x","isFolder":true}],"next":"x"}"""));

        var code = await _cli.RunAsync("dfs", "ls", "--limit", "1");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("x/", _cli.Out.Trim());
        Assert.Contains("more: edd dfs ls / --after x --limit 1", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("/", Assert.Single(_cli.ServerHandler.Requests).QueryValue("path"));
    }

    [Fact]
    public async Task Ls_AllWithJson_OutputsOneCombinedPage()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/folders", r => r.QueryValue("after") is null
            ? DfsFakeServer.Json(HttpStatusCode.OK, """{"path":"/","items":[{"name":"a","isFolder":false}],"next":"a"}""")
            : DfsFakeServer.Json(HttpStatusCode.OK, """{"path":"/","items":[{"name":"b","isFolder":true}],"next":null}"""));

        var code = await _cli.RunAsync("--json", "dfs", "ls", "--all");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(2, document.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Rm_WithoutYesNonInteractive_RefusedWithoutCallingServer()
    {
        var code = await _cli.RunAsync("dfs", "rm", "/a.bin");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("pass --yes", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_InteractiveAnswerNo_DoesNotDelete()
    {
        var code = await _cli.RunAsync(new DfsConsole(interactive: true).WithLine("n"), "dfs", "rm", "/a.bin");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("not deleted", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_Yes_SendsDeleteAndConfirms()
    {
        _cli.ServerHandler.On("DELETE", "/api/dfs/files/backups/a.bin", _ => new HttpResponseMessage(HttpStatusCode.NoContent));

        var code = await _cli.RunAsync("dfs", "rm", "/backups/a.bin", "--yes");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(HttpMethod.Delete, Assert.Single(_cli.ServerHandler.Requests).Method);
        Assert.Equal("deleted /backups/a.bin", _cli.Out.Trim());
    }

    [Fact]
    public async Task Rm_DotDotSegment_RefusedWithoutCallingServer()
    {
        var code = await _cli.RunAsync("dfs", "rm", "../../admin/users/u-1", "--yes");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    [Fact]
    public async Task Stat_ExistingFile_PrintsSizeShaAndModified()
    {
        var data = Data(2048);
        _cli.ServerHandler.On("HEAD", "/api/dfs/files/a.bin", _ => DfsFakeServer.File(data));

        var code = await _cli.RunAsync("dfs", "stat", "/a.bin");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("2.00 KiB (2048 bytes)", _cli.Out, StringComparison.Ordinal);
        Assert.Contains(DfsFakeServer.Sha256(data), _cli.Out, StringComparison.Ordinal);
        Assert.Contains("2026-01-02 03:04:05Z", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stat_Json_OutputsValidJson()
    {
        var data = Data(10);
        _cli.ServerHandler.On("HEAD", "/api/dfs/files/a.bin", _ => DfsFakeServer.File(data));

        var code = await _cli.RunAsync("--json", "dfs", "stat", "/a.bin");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(10, document.RootElement.GetProperty("size").GetInt64());
        Assert.Equal(DfsFakeServer.Sha256(data), document.RootElement.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Stat_NotFound_SaysNoSuchFileAndHintsLs()
    {
        _cli.ServerHandler.On("HEAD", "/api/dfs/files/x/y.bin", _ => new HttpResponseMessage(HttpStatusCode.NotFound));

        var code = await _cli.RunAsync("dfs", "stat", "/x/y.bin");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: there is no file /x/y.bin", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("see `edd dfs ls /x`", _cli.Error, StringComparison.Ordinal);
    }

    private const string StatusJson = """
        {"chunkSize":67108864,"replicationFactor":3,"capacityBytes":3000000000000,"freeBytes":1000000000000,"replicas":42,
         "nodes":[
           {"name":"node-a","alive":true,"lastSeen":"2099-01-01T00:00:00Z","dataPlaneUrl":"http://a:8081","disks":[{"id":"d1","capacityBytes":1000000000000,"freeBytes":400000000000,"replicas":14}]},
           {"name":"node-b","alive":false,"lastSeen":"2026-01-01T00:00:00Z","dataPlaneUrl":"http://b:8081","disks":[{"id":"d2","capacityBytes":1000000000000,"freeBytes":300000000000,"replicas":14}]},
           {"name":"node-c","alive":true,"lastSeen":"2099-01-01T00:00:00Z","dataPlaneUrl":"http://c:8081","disks":[{"id":"d3","capacityBytes":1000000000000,"freeBytes":300000000000,"replicas":14}]}
         ]}
        """;

    [Fact]
    public async Task Status_DeadNode_RendersNodesAndFlagsIt()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/status", _ => DfsFakeServer.Json(HttpStatusCode.OK, StatusJson));

        var code = await _cli.RunAsync("dfs", "status");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = _cli.Out.Split('\n', StringSplitOptions.TrimEntries);
        Assert.StartsWith("NODE", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("node-a", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal) && l.Contains("373 GiB / 931 GiB", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("node-b", StringComparison.Ordinal) && l.Contains("NO", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("total", StringComparison.Ordinal) && l.Contains("2/3", StringComparison.Ordinal) && l.EndsWith("42", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("DOWN: node node-b is down", StringComparison.Ordinal) && l.Contains("under-replicated", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("UNDER-REPLICATED: 2 disk(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_AllAlive_SaysOk()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/status", _ => DfsFakeServer.Json(HttpStatusCode.OK, StatusJson.Replace("\"alive\":false", "\"alive\":true", StringComparison.Ordinal)));

        var code = await _cli.RunAsync("dfs", "status");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("ok: all 3 nodes alive", _cli.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("DOWN", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Json_OutputsTheServerJsonUnchanged()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/status", _ => DfsFakeServer.Json(HttpStatusCode.OK, StatusJson));

        var code = await _cli.RunAsync("--json", "dfs", "status");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(3, document.RootElement.GetProperty("nodes").GetArrayLength());
        Assert.Equal("http://a:8081", document.RootElement.GetProperty("nodes")[0].GetProperty("dataPlaneUrl").GetString());
    }

    [Fact]
    public async Task Status_Forbidden_Exits1AndSaysAnAdminIsNeeded()
    {
        _cli.ServerHandler.On("GET", "/api/dfs/status", _ => DfsFakeServer.Problem(HttpStatusCode.Forbidden, "forbidden", "Forbidden."));

        var code = await _cli.RunAsync("dfs", "status");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("needs an admin", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_EnvTokenForbidden_NamesTheScope()
    {
        _cli.Environment["EDD_TOKEN"] = "edd_pat_x";
        _cli.ServerHandler.On("GET", "/api/dfs/status", _ => DfsFakeServer.Problem(HttpStatusCode.Forbidden, "forbidden", "Forbidden."));

        var code = await _cli.RunAsync("dfs", "status");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("admin:read", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NotSignedIn_Exits3WithoutCallingServer()
    {
        Directory.Delete(_cli.ConfigDirectory, recursive: true);

        var code = await _cli.RunAsync("dfs", "status");

        Assert.Equal(ExitCodes.NotSignedIn, code);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    public void Dispose() => _cli.Dispose();

    /// <summary>Returns its bytes, then blocks until cancelled, like a server that stopped sending.</summary>
    private sealed class StallingStream(byte[] first) : Stream
    {
        private bool _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_sent)
            {
                _sent = true;
                first.CopyTo(buffer);
                return first.Length;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
