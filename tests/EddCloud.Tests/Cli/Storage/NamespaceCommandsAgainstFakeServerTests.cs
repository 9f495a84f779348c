using System.Net;
using System.Text.Json;
using EddCloud.Cli;
using EddCloud.Tests.Cli.Dfs;

namespace EddCloud.Tests.Cli.Storage;

/// <summary><c>edd ns ...</c> against an in-memory fake of the namespace endpoints.</summary>
public sealed class NamespaceCommandsAgainstFakeServerTests : IDisposable
{
    private readonly StorageHarness _cli = new();

    public NamespaceCommandsAgainstFakeServerTests() => _cli.ServerHandler.WithNamespaces();

    [Fact]
    public async Task Create_NoVisibility_PostsPrivateAndPrintsTheNewId()
    {
        _cli.ServerHandler.On("POST", "/api/namespaces", HttpStatusCode.Created, StorageFakeServer.Namespace(StorageFakeServer.PhotosId, "Photos", "private", 0));

        var code = await _cli.RunAsync("ns", "create", "Photos");

        Assert.Equal(ExitCodes.Ok, code);
        var request = Assert.Single(_cli.ServerHandler.Requests);
        Assert.Equal("""{"name":"Photos","visibility":"private"}""", request.BodyText);
        Assert.Equal("Bearer session-jwt", request.Header("Authorization"));
        Assert.Equal($"created namespace Photos ({StorageFakeServer.PhotosId}, private){Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task Create_VisibilityPublic_SendsIt()
    {
        _cli.ServerHandler.On("POST", "/api/namespaces", HttpStatusCode.Created, StorageFakeServer.Namespace(StorageFakeServer.DocsId, "docs", "public", 0));

        var code = await _cli.RunAsync("ns", "create", "docs", "--visibility", "public");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("\"visibility\":\"public\"", Assert.Single(_cli.ServerHandler.Requests).BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownVisibility_RefusedByTheParserWithoutCallingServer()
    {
        var code = await _cli.RunAsync("ns", "create", "docs", "--visibility", "secret");

        Assert.NotEqual(ExitCodes.Ok, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("secret", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DuplicateName_Exits1WithTheDetailAndPointsAtLs()
    {
        _cli.ServerHandler.On("POST", "/api/namespaces", _ => StorageFakeServer.Problem(HttpStatusCode.Conflict, "conflict", "You already have a namespace named Photos."));

        var code = await _cli.RunAsync("ns", "create", "photos");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: You already have a namespace named Photos.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: you already have a namespace named 'photos'", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("`edd ns ls`", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PastNamespaceQuota_HintsUsageAndAnAdmin()
    {
        _cli.ServerHandler.On("POST", "/api/namespaces", _ => StorageFakeServer.Problem(HttpStatusCode.RequestEntityTooLarge, "quota_exceeded", "You may have at most 3 namespaces."));

        var code = await _cli.RunAsync("ns", "create", "more");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: You may have at most 3 namespaces.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: you have as many namespaces as your quota allows; see `edd usage`", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("ask an admin to raise it", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_All_FollowsEveryPageAndShowsNameIdVisibilityUsedCreated()
    {
        var code = await _cli.RunAsync("ns", "ls", "--all");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal([null, "Photos"], _cli.ServerHandler.Requests.Select(r => r.QueryValue("after")));
        var lines = _cli.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^NAME\s+ID\s+VISIBILITY\s+USED\s+CREATED$", lines[0]);
        Assert.Matches($@"^Photos\s+{StorageFakeServer.PhotosId}\s+private\s+1\.50 KiB \(1536\)\s+2026-01-02 03:04Z$", lines[1]);
        Assert.Matches($@"^docs\s+{StorageFakeServer.DocsId}\s+public\s+0 B\s+2026-01-02 03:04Z$", lines[2]);
    }

    [Fact]
    public async Task Ls_OnePageWithMore_PrintsTheNextCommandOnStderr()
    {
        var code = await _cli.RunAsync("ns", "ls");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Single(_cli.ServerHandler.Requests);
        Assert.Contains("Photos", _cli.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("docs", _cli.Out, StringComparison.Ordinal);
        Assert.Contains("more: edd ns ls --after 'Photos'  (or --all)", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_AllJson_PrintsOneDocumentWithEveryNamespace()
    {
        var code = await _cli.RunAsync("--json", "ns", "ls", "--all");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(["Photos", "docs"], document.RootElement.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Ls_OwnerUsername_ResolvesTheUserAndSendsTheirId()
    {
        _cli.ServerHandler.On("GET", "/api/admin/users", HttpStatusCode.OK,
            """{"items":[{"id":"u-bob","username":"bob","role":"user","createdAt":"2026-01-01T00:00:00Z"}],"next":null}""");

        var code = await _cli.RunAsync("ns", "ls", "--owner", "bob", "--all");

        Assert.Equal(ExitCodes.Ok, code);
        var lists = _cli.ServerHandler.Requests.Where(r => r.Path == "/api/namespaces").ToList();
        Assert.NotEmpty(lists);
        Assert.All(lists, r => Assert.Equal("u-bob", r.QueryValue("owner")));
    }

    [Fact]
    public async Task SetVisibility_NameOnTheSecondPage_ResolvesItAndPatchesOnlyTheVisibility()
    {
        _cli.ServerHandler.On("PATCH", $"/api/namespaces/{StorageFakeServer.DocsId}", HttpStatusCode.OK,
            StorageFakeServer.Namespace(StorageFakeServer.DocsId, "docs", "visible", 0));

        var code = await _cli.RunAsync("ns", "set-visibility", "DOCS", "visible");

        Assert.Equal(ExitCodes.Ok, code);
        var patch = Assert.Single(_cli.ServerHandler.Calls);
        Assert.Equal(HttpMethod.Patch, patch.Method);
        Assert.Equal("""{"visibility":"visible"}""", patch.BodyText);
        Assert.Equal($"docs is now visible{Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task Rename_ById_PatchesTheNameWithoutLookingItUp()
    {
        _cli.ServerHandler.On("PATCH", $"/api/namespaces/{StorageFakeServer.PhotosId}", HttpStatusCode.OK,
            StorageFakeServer.Namespace(StorageFakeServer.PhotosId, "Pictures", "private", 0));

        var code = await _cli.RunAsync("ns", "rename", StorageFakeServer.PhotosId, "Pictures");

        Assert.Equal(ExitCodes.Ok, code);
        var patch = Assert.Single(_cli.ServerHandler.Requests);
        Assert.Equal("""{"name":"Pictures"}""", patch.BodyText);
        Assert.Contains($"to Pictures ({StorageFakeServer.PhotosId})", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_UnknownName_Exits1AndPointsAtNsLs()
    {
        var code = await _cli.RunAsync("ns", "rename", "music", "tunes");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: you have no namespace named 'music'", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("`edd ns ls`", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.ServerHandler.Calls);
    }

    [Fact]
    public async Task Rm_NotInteractiveWithoutYes_RefusesWithAHintAndCallsNothing()
    {
        var code = await _cli.RunAsync(new DfsConsole(interactive: false), "ns", "rm", "Photos");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("hint: pass --yes", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    [Fact]
    public async Task Rm_InteractiveDeclined_DoesNotDelete()
    {
        var code = await _cli.RunAsync(new DfsConsole(interactive: true).WithLine("n"), "ns", "rm", "Photos");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("not deleted", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.ServerHandler.Calls);
    }

    [Fact]
    public async Task Rm_Yes_DeletesTheResolvedId()
    {
        _cli.ServerHandler.On("DELETE", $"/api/namespaces/{StorageFakeServer.PhotosId}", HttpStatusCode.NoContent);

        var code = await _cli.RunAsync("ns", "rm", "photos", "--yes");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(HttpMethod.Delete, Assert.Single(_cli.ServerHandler.Calls).Method);
        Assert.Contains($"deleted namespace photos ({StorageFakeServer.PhotosId})", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_IdTheServerDoesNotKnow_Exits1WithTheNsLsHint()
    {
        var code = await _cli.RunAsync("ns", "rm", "11111111-2222-3333-4444-555555555555", "--yes");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("hint: no such namespace, or not visible to you; see `edd ns ls`", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_NotSignedIn_ListsAnonymouslyWithOwners()
    {
        File.Delete(Path.Combine(_cli.Environment["EDD_CONFIG_DIR"], EddCloud.Cli.Config.ConfigStore.FileName));

        _cli.ServerHandler.On("GET", "/api/public/namespaces", HttpStatusCode.OK,
            $$"""{"items":[{{StorageFakeServer.Namespace(StorageFakeServer.DocsId, "docs", "public", 2048, owner: "bob")}}],"next":null}""");

        var code = await _cli.RunAsync("ns", "public");

        Assert.Equal(ExitCodes.Ok, code);
        var request = Assert.Single(_cli.ServerHandler.Requests);
        Assert.Null(request.Header("Authorization"));
        Assert.Matches($@"docs\s+bob\s+{StorageFakeServer.DocsId}\s+public", _cli.Out);
    }

    public void Dispose() => _cli.Dispose();
}
