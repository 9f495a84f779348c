using System.Net;
using System.Text.Json;
using EddCloud.Cli;

namespace EddCloud.Tests.Cli.Storage;

/// <summary><c>edd files ls/rm/stat/share/shares/unshare</c> against an in-memory fake of the storage endpoints.</summary>
public sealed class FileCommandsAgainstFakeServerTests : IDisposable
{
    private const string Files = $"/api/namespaces/{StorageFakeServer.PhotosId}/files";

    private readonly StorageHarness _cli = new();

    public FileCommandsAgainstFakeServerTests() => _cli.ServerHandler.WithNamespaces();

    [Fact]
    public async Task Ls_Folder_SendsItsPrefixAndShowsFoldersWithASlashThenFiles()
    {
        _cli.ServerHandler.On("GET", Files, HttpStatusCode.OK,
            $$"""{"items":[{{StorageFakeServer.StoredFile("albums/cover.jpg", 2048, new string('b', 64))}}],"folders":["albums/2026/"],"next":null}""");

        var code = await _cli.RunAsync("files", "ls", "Photos:/albums");

        Assert.Equal(ExitCodes.Ok, code);
        var list = Assert.Single(_cli.ServerHandler.Calls);
        Assert.Equal("albums/", list.QueryValue("prefix"));
        Assert.Null(list.QueryValue("delimiter"));
        var lines = _cli.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^PATH\s+SIZE\s+MODIFIED\s+TYPE$", lines[0]);
        Assert.Matches(@"^/albums/2026/\s+-\s+-\s+folder$", lines[1]);
        Assert.Matches(@"^/albums/cover\.jpg\s+2\.00 KiB\s+2026-01-03 04:05Z\s+text/plain$", lines[2]);
    }

    [Fact]
    public async Task Ls_NamespaceOnly_ListsTheRootWithoutAPrefix()
    {
        _cli.ServerHandler.On("GET", Files, HttpStatusCode.OK, """{"items":[],"folders":[],"next":null}""");

        var code = await _cli.RunAsync("files", "ls", "Photos");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Null(Assert.Single(_cli.ServerHandler.Calls).QueryValue("prefix"));
        Assert.Contains("Photos:/ is empty", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_Recursive_AsksForEveryFileWithAnEmptyDelimiter()
    {
        _cli.ServerHandler.On("GET", Files, HttpStatusCode.OK, """{"items":[],"folders":[],"next":null}""");

        var code = await _cli.RunAsync("files", "ls", "Photos:/albums/", "--recursive");

        Assert.Equal(ExitCodes.Ok, code);
        var list = Assert.Single(_cli.ServerHandler.Calls);
        Assert.Equal("", list.QueryValue("delimiter"));
        Assert.Equal("albums/", list.QueryValue("prefix"));
    }

    [Fact]
    public async Task Ls_AllJson_FollowsCursorsAndPrintsOneDocument()
    {
        _cli.ServerHandler.On("GET", Files, r => StorageFakeServer.Json(HttpStatusCode.OK, r.QueryValue("after") switch
        {
            null => $$"""{"items":[{{StorageFakeServer.StoredFile("a.txt", 1, new string('a', 64))}}],"folders":["x/"],"next":"a.txt"}""",
            _ => $$"""{"items":[{{StorageFakeServer.StoredFile("b.txt", 2, new string('b', 64))}}],"folders":[],"next":null}""",
        }));

        var code = await _cli.RunAsync("--json", "files", "ls", "Photos", "--all");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal([null, "a.txt"], _cli.ServerHandler.Calls.Select(r => r.QueryValue("after")));
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(["a.txt", "b.txt"], document.RootElement.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        Assert.Equal(["x/"], document.RootElement.GetProperty("folders").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Ls_OnePageWithMore_PrintsTheNextCommand()
    {
        _cli.ServerHandler.On("GET", Files, HttpStatusCode.OK, $$"""{"items":[{{StorageFakeServer.StoredFile("a.txt", 1, new string('a', 64))}}],"folders":[],"next":"a.txt"}""");

        var code = await _cli.RunAsync("files", "ls", "Photos");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("more: edd files ls 'Photos:/' --after 'a.txt'  (or --all)", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_DeletesTheEscapedPathInTheResolvedNamespace()
    {
        _cli.ServerHandler.On("DELETE", $"/api/namespaces/{StorageFakeServer.DocsId}/files/reports/q1%20final.pdf", HttpStatusCode.NoContent);

        var code = await _cli.RunAsync("files", "rm", "docs:/reports/q1 final.pdf");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(HttpMethod.Delete, Assert.Single(_cli.ServerHandler.Calls).Method);
        Assert.Equal($"deleted docs:/reports/q1 final.pdf{Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task Rm_DotDotSegment_IsRefusedWithoutCallingTheServer()
    {
        var code = await _cli.RunAsync("files", "rm", "Photos:/a/../../shares/x");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("'.' or '..' segment", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    [Fact]
    public async Task Stat_AsksTheMetadataEndpointAndShowsEveryField()
    {
        var sha = new string('c', 64);
        _cli.ServerHandler.On("GET", $"/api/namespaces/{StorageFakeServer.PhotosId}/metadata/notes/todo.txt", HttpStatusCode.OK,
            StorageFakeServer.StoredFile("notes/todo.txt", 1_572_864, sha, version: 3));

        var code = await _cli.RunAsync("files", "stat", "Photos:/notes/todo.txt");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches(@"path\s+Photos:/notes/todo\.txt", _cli.Out);
        Assert.Matches(@"size\s+1\.50 MiB \(1572864 bytes\)", _cli.Out);
        Assert.Matches($@"sha256\s+{sha}", _cli.Out);
        Assert.Matches(@"version\s+3", _cli.Out);
        Assert.Matches(@"uploader\s+alice", _cli.Out);
    }

    [Fact]
    public async Task Stat_NotFound_Exits1WithTheServersDetailAndTheLsHint()
    {
        _cli.ServerHandler.On("GET", $"/api/namespaces/{StorageFakeServer.PhotosId}/metadata/notes/todo.txt",
            _ => StorageFakeServer.Problem(HttpStatusCode.NotFound, "not_found", "There is no file notes/todo.txt."));

        var code = await _cli.RunAsync("files", "stat", "Photos:/notes/todo.txt");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: There is no file notes/todo.txt.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("see `edd files ls Photos:/notes/`", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stat_JsonError_WritesTheProblemAsReceivedOnStderr()
    {
        _cli.ServerHandler.On("GET", $"/api/namespaces/{StorageFakeServer.PhotosId}/metadata/a.txt",
            _ => StorageFakeServer.Problem(HttpStatusCode.Forbidden, "forbidden", "You may not read this."));

        var code = await _cli.RunAsync("--json", "files", "stat", "Photos:/a.txt");

        Assert.Equal(ExitCodes.Failed, code);
        using var problem = JsonDocument.Parse(_cli.Error);
        Assert.Equal("forbidden", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("", _cli.Out);
    }

    [Fact]
    public async Task Share_PostsPathAndExpiryAndPrintsOnlyTheAbsoluteUrlOnStdout()
    {
        _cli.ServerHandler.On("POST", $"/api/namespaces/{StorageFakeServer.PhotosId}/shares", HttpStatusCode.Created,
            $$"""{"id":"s-1","namespaceId":"{{StorageFakeServer.PhotosId}}","path":"a.txt","url":"/api/shares/tok123","createdAt":"2026-01-02T03:04:05Z","expiresAt":"2026-01-03T03:04:05Z","createdBy":"alice"}""");

        var code = await _cli.RunAsync("files", "share", "Photos:/a.txt", "--expires-in-hours", "24");

        Assert.Equal(ExitCodes.Ok, code);
        using var body = JsonDocument.Parse(Assert.Single(_cli.ServerHandler.Calls).BodyText);
        Assert.Equal(24, body.RootElement.GetProperty("expiresInHours").GetInt32());
        Assert.EndsWith("a.txt", body.RootElement.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Equal($"http://localhost:8080/api/shares/tok123{Environment.NewLine}", _cli.Out);
        Assert.Contains("edd files unshare Photos s-1", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shares_ListsIdPathAndExpiry()
    {
        _cli.ServerHandler.On("GET", $"/api/namespaces/{StorageFakeServer.PhotosId}/shares", HttpStatusCode.OK,
            $$"""{"items":[{"id":"s-1","namespaceId":"{{StorageFakeServer.PhotosId}}","path":"a.txt","url":null,"createdAt":"2026-01-02T03:04:05Z","expiresAt":null,"createdBy":"alice"}]}""");

        var code = await _cli.RunAsync("files", "shares", "Photos");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches(@"s-1\s+/a\.txt\s+2026-01-02 03:04Z\s+never\s+alice", _cli.Out);
    }

    [Fact]
    public async Task Unshare_DeletesTheShareInTheResolvedNamespace()
    {
        _cli.ServerHandler.On("DELETE", $"/api/namespaces/{StorageFakeServer.DocsId}/shares/s-9", HttpStatusCode.NoContent);

        var code = await _cli.RunAsync("files", "unshare", "docs", "s-9");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Single(_cli.ServerHandler.Calls);
        Assert.Equal($"revoked share s-9{Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task Unshare_UnknownShare_HintsTheSharesList()
    {
        var code = await _cli.RunAsync("files", "unshare", "docs", "s-404");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("hint: no such share link; see `edd files shares docs`", _cli.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
