using System.Net;
using EddCloud.Cli;
using EddCloud.Tests.Cli.Dfs;
using EddCloud.Tests.Cli.Storage;

namespace EddCloud.Tests.Cli.Routing;

/// <summary><c>edd admin routes ls|add|set|rm</c> against an in-memory fake of the routing API.</summary>
public sealed class RouteCommandsAgainstFakeServerTests : IDisposable
{
    private const string Routes = "/api/admin/routes";
    private const string WikiId = "7a11e000-0000-4000-8000-000000000001";
    private const string ShopId = "7a11e000-0000-4000-8000-000000000002";
    private const string Wiki = $$"""{"id":"{{WikiId}}","host":"wiki.example.org","pathPrefix":"/","stripPrefix":false,"backend":"http://127.0.0.1:3000","source":"api","updatedAt":"2026-01-02T03:04:05Z"}""";
    private const string Shop = $$"""{"id":"{{ShopId}}","host":"shop.example.org","pathPrefix":"/v1","stripPrefix":true,"backend":"http://10.0.0.5:8080/base","source":"file","updatedAt":"2026-01-02T03:05:00Z"}""";

    private readonly StorageHarness _cli = new();

    public RouteCommandsAgainstFakeServerTests() => _cli.ServerHandler
        .On("GET", Routes, HttpStatusCode.OK, $$"""{"version":7,"items":[{{Shop}},{{Wiki}}]}""")
        .On("GET", $"{Routes}/{WikiId}", HttpStatusCode.OK, Wiki);

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Ls_ShowsEveryColumnWithTheSource()
    {
        var code = await _cli.RunAsync("admin", "routes", "ls");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = _cli.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^ID\s+HOST\s+PREFIX\s+STRIP\s+BACKEND\s+SOURCE\s+UPDATED$", lines[0]);
        Assert.Matches($@"^{ShopId}\s+shop\.example\.org\s+/v1\s+yes\s+http://10\.0\.0\.5:8080/base\s+file\s+2026-01-02 03:05Z$", lines[1]);
        Assert.Matches($@"^{WikiId}\s+wiki\.example\.org\s+/\s+no\s+http://127\.0\.0\.1:3000\s+api\s+2026-01-02 03:04Z$", lines[2]);
    }

    [Fact]
    public async Task Ls_NoRoutes_SaysHowToAddOne()
    {
        _cli.ServerHandler.On("GET", Routes, HttpStatusCode.OK, """{"version":0,"items":[]}""");

        var code = await _cli.RunAsync("admin", "routes", "ls");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("edd admin routes add <host> <backend>", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_Json_PrintsTheAnswerAsReceived()
    {
        var code = await _cli.RunAsync("admin", "routes", "ls", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("\"version\":7", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_PostsHostBackendPrefixAndStrip_AndDescribesTheRoute()
    {
        _cli.ServerHandler.On("POST", Routes, HttpStatusCode.Created, Shop);

        var code = await _cli.RunAsync("admin", "routes", "add", "shop.example.org", "http://10.0.0.5:8080/base", "--prefix", "/v1", "--strip-prefix");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("""{"host":"shop.example.org","pathPrefix":"/v1","stripPrefix":true,"backend":"http://10.0.0.5:8080/base"}""",
            Assert.Single(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Post).BodyText);
        Assert.Equal($"added route {ShopId}: shop.example.org/v1 -> http://10.0.0.5:8080/base (prefix stripped){Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task Add_ServerRefusesTheBackend_ShowsItsMessage()
    {
        _cli.ServerHandler.On("POST", Routes, _ => StorageFakeServer.Problem(HttpStatusCode.BadRequest, "validation", "Backend 'ftp://x' must be an http:// or https:// URL."));

        var code = await _cli.RunAsync("admin", "routes", "add", "wiki.example.org", "ftp://x");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: Backend 'ftp://x' must be an http:// or https:// URL.", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_PrefixWithoutSlash_IsAUsageErrorBeforeAnyRequest()
    {
        var code = await _cli.RunAsync("admin", "routes", "add", "wiki.example.org", "http://127.0.0.1:3000", "--prefix", "wiki");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("error: --prefix wiki does not start with /", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_AsANonAdmin_SaysAdminsOnly()
    {
        _cli.ServerHandler.On("POST", Routes, _ => StorageFakeServer.Problem(HttpStatusCode.Forbidden, "forbidden", "This needs an admin."));

        var code = await _cli.RunAsync("admin", "routes", "add", "wiki.example.org", "http://127.0.0.1:3000");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("hint: `edd admin routes` needs an admin account", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_OnlyTheBackend_KeepsTheOtherFields()
    {
        _cli.ServerHandler.On("PUT", $"{Routes}/{WikiId}", HttpStatusCode.OK, Wiki.Replace("127.0.0.1:3000", "127.0.0.1:3999", StringComparison.Ordinal));

        var code = await _cli.RunAsync("admin", "routes", "set", WikiId, "--backend", "http://127.0.0.1:3999");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("""{"host":"wiki.example.org","pathPrefix":"/","stripPrefix":false,"backend":"http://127.0.0.1:3999"}""",
            Assert.Single(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Put).BodyText);
        Assert.Equal($"changed route {WikiId}: wiki.example.org -> http://127.0.0.1:3999{Environment.NewLine}", _cli.Out);
    }

    [Theory]
    [InlineData("--strip-prefix", true)]
    [InlineData("--strip-prefix=false", false)]
    public async Task Set_StripPrefix_SendsTheFlag(string flag, bool strip)
    {
        _cli.ServerHandler.On("PUT", $"{Routes}/{WikiId}", HttpStatusCode.OK, Wiki);

        var code = await _cli.RunAsync("admin", "routes", "set", WikiId, "--prefix", "/w", flag);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains($"\"pathPrefix\":\"/w\",\"stripPrefix\":{(strip ? "true" : "false")}",
            Assert.Single(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Put).BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_NothingGiven_IsAUsageErrorBeforeAnyRequest()
    {
        var code = await _cli.RunAsync("admin", "routes", "set", WikiId);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("error: nothing to change", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_FileRoute_ShowsTheServersEditTheFileMessage()
    {
        _cli.ServerHandler.On("GET", $"{Routes}/{ShopId}", HttpStatusCode.OK, Shop)
            .On("PUT", $"{Routes}/{ShopId}", _ => StorageFakeServer.Problem(HttpStatusCode.Conflict, "conflict",
                "The route for shop.example.org/v1 comes from routes.yaml; change it in that file (the edge reloads it)."));

        var code = await _cli.RunAsync("admin", "routes", "set", ShopId, "--backend", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("comes from routes.yaml; change it in that file", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: see `edd admin routes ls`: each host and prefix has one route, and routes whose source is file change only in routes.yaml", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_NotATerminalWithoutYes_RefusesBeforeAnyRequest()
    {
        var code = await _cli.RunAsync("admin", "routes", "rm", WikiId);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains($"error: refusing to remove route {WikiId} without confirmation: stdin is not a terminal", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: pass --yes", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_AnsweredNo_RemovesNothing()
    {
        var code = await _cli.RunAsync(new DfsConsole(interactive: true).WithLine("n"), "admin", "routes", "rm", WikiId);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.DoesNotContain(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Delete);
        Assert.Contains("Remove route wiki.example.org -> http://127.0.0.1:3000? Requests for it will no longer reach the backend. [y/N]", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("not deleted", _cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "y")]
    [InlineData(false, null)]
    public async Task Rm_ConfirmedOrYes_Removes(bool interactive, string? answer)
    {
        _cli.ServerHandler.On("DELETE", $"{Routes}/{WikiId}", HttpStatusCode.NoContent);
        var console = new DfsConsole(interactive);
        if (answer is not null)
        {
            console.WithLine(answer);
        }

        var code = await _cli.RunAsync(console, answer is null ? ["admin", "routes", "rm", WikiId, "--yes"] : ["admin", "routes", "rm", WikiId]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal($"{Routes}/{WikiId}", Assert.Single(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Delete).Path);
        Assert.Contains("removed route wiki.example.org -> http://127.0.0.1:3000", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_UnknownRoute_PointsAtLs()
    {
        var id = "7a11e000-0000-4000-8000-0000000000ff";
        _cli.ServerHandler.On("GET", $"{Routes}/{id}", _ => StorageFakeServer.Problem(HttpStatusCode.NotFound, "not_found", $"There is no route {id}."));

        var code = await _cli.RunAsync("admin", "routes", "rm", id, "--yes");

        Assert.NotEqual(ExitCodes.Ok, code);
        Assert.Contains("see `edd admin routes ls`", _cli.Error, StringComparison.Ordinal);
    }
}
