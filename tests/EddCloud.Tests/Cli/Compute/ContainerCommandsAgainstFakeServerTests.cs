using System.Net;
using System.Text.Json;
using EddCloud.Cli;
using EddCloud.Tests.Cli.Dfs;
using EddCloud.Tests.Cli.Storage;

namespace EddCloud.Tests.Cli.Compute;

/// <summary><c>edd containers ls|show|start|stop|restart|rm|keys</c> against an in-memory fake, containers named by name or id.</summary>
public sealed class ContainerCommandsAgainstFakeServerTests : IDisposable
{
    private const string DbUrl = $"/api/containers/{ComputeFakes.DbId}";
    private const string WebUrl = $"/api/containers/{ComputeFakes.WebId}";

    private readonly StorageHarness _cli = new() { Time = new StoppedClock() };

    public ContainerCommandsAgainstFakeServerTests() => _cli.ServerHandler.WithContainers()
        .On("GET", WebUrl, HttpStatusCode.OK, ComputeFakes.Container(ComputeFakes.WebId, "web"))
        .On("GET", DbUrl, HttpStatusCode.OK, ComputeFakes.Container(ComputeFakes.DbId, "db", "exited", c => c["exitCode"] = 1));

    private string[] OutLines => _cli.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    // ls

    [Fact]
    public async Task Ls_All_FollowsEveryPageAndShowsNameStatusImageCpusMemoryNodePortsAge()
    {
        var code = await _cli.RunAsync("containers", "ls", "--all");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal([null, "web"], _cli.ServerHandler.Requests.Select(r => r.QueryValue("after")));
        Assert.Equal(3, OutLines.Length);
        Assert.Matches(@"^NAME\s+STATUS\s+IMAGE\s+CPUS\s+MEMORY\s+NODE\s+PORTS\s+AGE$", OutLines[0]);
        Assert.Matches(@"^web\s+running\s+eddcloud/base:1\s+0\.5\s+512 MiB\s+n1\s+8080->32768\s+1d$", OutLines[1]);
        Assert.Matches(@"^db\s+exited\s+eddcloud/base:1\s+0\.5\s+512 MiB\s+-\s+-\s+1d$", OutLines[2]);
    }

    [Fact]
    public async Task Ls_OnePageWithMore_PrintsTheNextCommandOnStderr()
    {
        var code = await _cli.RunAsync("containers", "ls");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Single(_cli.ServerHandler.Requests);
        Assert.Contains("web", _cli.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("db", _cli.Out, StringComparison.Ordinal);
        Assert.Contains("more: edd containers ls --after 'web'  (or --all)", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_AllJson_PrintsOneDocumentWithEveryContainer()
    {
        var code = await _cli.RunAsync("--json", "containers", "ls", "--all");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(["web", "db"], document.RootElement.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Ls_OwnerUsername_ResolvesTheUserAndSendsTheirId()
    {
        _cli.ServerHandler.On("GET", "/api/admin/users", HttpStatusCode.OK,
            """{"items":[{"id":"u-bob","username":"bob","role":"user","createdAt":"2026-01-01T00:00:00Z"}],"next":null}""");

        var code = await _cli.RunAsync("containers", "ls", "--owner", "bob", "--all");

        Assert.Equal(ExitCodes.Ok, code);
        var lists = _cli.ServerHandler.Requests.Where(r => r.Path == "/api/containers").ToList();
        Assert.Equal(2, lists.Count);
        Assert.All(lists, r => Assert.Equal("u-bob", r.QueryValue("owner")));
    }

    [Fact]
    public async Task Ls_None_SaysHowToCreateOne()
    {
        _cli.ServerHandler.On("GET", "/api/containers", HttpStatusCode.OK, """{"items":[],"next":null}""");

        var code = await _cli.RunAsync("containers", "ls");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("you have no containers; create one with `edd containers create <name>`", _cli.Error, StringComparison.Ordinal);
    }

    // show and name resolution

    [Fact]
    public async Task Show_NameOnTheSecondPage_FindsItAndShowsEveryField()
    {
        _cli.ServerHandler.On("GET", DbUrl, HttpStatusCode.OK, ComputeFakes.Container(ComputeFakes.DbId, "db", "failed", c =>
        {
            c["statusReason"] = "exited with code 137";
            c["exitCode"] = 137;
            c["command"] = new System.Text.Json.Nodes.JsonArray("sh", "-c", "echo 'hi'; sleep 1");
            c["allowedKeys"] = new System.Text.Json.Nodes.JsonArray(ComputeFakes.LaptopKeyId, "0b7c1d2e-0000-4000-8000-00000000dead");
        }));

        var code = await _cli.RunAsync("containers", "show", "db");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal([null, "web"], _cli.ServerHandler.Requests.Where(r => r.Path == "/api/containers").Select(r => r.QueryValue("after")));
        var o = _cli.Out;
        Assert.Matches(@"(?m)^name\s+db$", o);
        Assert.Matches($@"(?m)^id\s+{ComputeFakes.DbId}$", o);
        Assert.Matches(@"(?m)^owner\s+alice$", o);
        Assert.Matches(@"(?m)^status\s+failed \(exited with code 137\)$", o);
        Assert.Matches(@"(?m)^wanted\s+running$", o);
        Assert.Matches(@"(?m)^command\s+sh -c 'echo '\\''hi'\\''; sleep 1'$", o);
        Assert.Matches(@"(?m)^memory\s+512 MiB \(536870912 bytes\)$", o);
        Assert.Matches(@"(?m)^pids\s+256$", o);
        Assert.Matches(@"(?m)^restart\s+on-failure$", o);
        Assert.Matches(@"(?m)^volume\s+/data \(persistent, keeps the container on its node\)$", o);
        Assert.Matches(@"(?m)^exit code\s+137$", o);
        Assert.Matches(@"(?m)^port\s+8080 -> 127\.0\.0\.1:32768$", o);
        Assert.Matches(@"(?m)^env\s+GREETING=hello world$", o);
        Assert.Matches($@"(?m)^allowed keys\s+laptop \({ComputeFakes.LaptopKeyId}\), 0b7c1d2e-0000-4000-8000-00000000dead$", o);
        Assert.Matches(@"(?m)^ingress\s+db -> port 8080: https://db\.apps\.example\.com$", o);
        Assert.Matches($@"(?m)^ssh\s+{ComputeFakes.SshCommand}$", o);
        Assert.Matches($@"(?m)^host key\s+{ComputeFakes.HostKey}$", o);
        Assert.Matches(@"(?m)^created\s+2026-01-02 03:04Z$", o);
    }

    [Theory]
    [InlineData(false, "none (moves to another node if its node leaves)")]
    [InlineData(true, "/data (persistent, keeps the container on its node)")]
    public async Task Show_Volume_SaysWhetherItHasOneAndWhatThatMeans(bool volume, string line)
    {
        _cli.ServerHandler.On("GET", WebUrl, HttpStatusCode.OK, ComputeFakes.Container(ComputeFakes.WebId, "web", change: c => c["volume"] = volume));

        var code = await _cli.RunAsync("containers", "show", ComputeFakes.WebId);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches($@"(?m)^volume\s+{System.Text.RegularExpressions.Regex.Escape(line)}$", _cli.Out);
    }

    [Fact]
    public async Task Show_ServerWithoutTheVolumeField_ShowsThePersistentVolume()
    {
        _cli.ServerHandler.On("GET", WebUrl, HttpStatusCode.OK, ComputeFakes.Container(ComputeFakes.WebId, "web", change: c => c.Remove("volume")));

        var code = await _cli.RunAsync("containers", "show", ComputeFakes.WebId);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches(@"(?m)^volume\s+/data \(persistent, keeps the container on its node\)$", _cli.Out);
    }

    [Fact]
    public async Task Show_Id_UsesItWithoutListing()
    {
        var code = await _cli.RunAsync("containers", "show", ComputeFakes.WebId.ToUpperInvariant());

        Assert.Equal(ExitCodes.Ok, code);
        Assert.DoesNotContain(_cli.ServerHandler.Requests, r => r.Path == "/api/containers");
        Assert.Equal(WebUrl, Assert.Single(_cli.ServerHandler.Calls()).Path);
        Assert.Matches(@"(?m)^name\s+web$", _cli.Out);
    }

    [Fact]
    public async Task Show_UnknownName_SaysYouHaveNoSuchContainerAndPointsAtLs()
    {
        var code = await _cli.RunAsync("containers", "show", "nope");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Calls());
        Assert.Contains("error: you have no container named 'nope'", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("`edd containers ls`", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_IdNotFound_PrintsTheProblemAndTheNotFoundHint()
    {
        const string Gone = "c0ffee00-0000-4000-8000-0000000000ff";
        _cli.ServerHandler.On("GET", $"/api/containers/{Gone}", _ => StorageFakeServer.Problem(HttpStatusCode.NotFound, "not_found", "No such container."));

        var code = await _cli.RunAsync("containers", "show", Gone);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: No such container.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: no such container (deleted meanwhile?), or not yours; see `edd containers ls`", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_JsonProblem_GoesToStderrAsReceived()
    {
        _cli.ServerHandler.On("GET", WebUrl, _ => StorageFakeServer.Problem(HttpStatusCode.Forbidden, "forbidden", "Token lacks containers:read."));

        var code = await _cli.RunAsync("--json", "containers", "show", ComputeFakes.WebId);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("", _cli.Out);
        using var problem = JsonDocument.Parse(_cli.Error);
        Assert.Equal("forbidden", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("Token lacks containers:read.", problem.RootElement.GetProperty("detail").GetString());
    }

    // start, stop, restart

    [Theory]
    [InlineData("start", "starting")]
    [InlineData("restart", "stopping")]
    public async Task StartRestart_PostsTheActionAndPrintsTheNewStatus(string action, string status)
    {
        _cli.ServerHandler.On("POST", $"{WebUrl}/{action}", HttpStatusCode.Accepted, ComputeFakes.Container(ComputeFakes.WebId, "web", status));

        var code = await _cli.RunAsync("containers", action, "web");

        Assert.Equal(ExitCodes.Ok, code);
        var post = Assert.Single(_cli.ServerHandler.Calls());
        Assert.Equal(HttpMethod.Post, post.Method);
        Assert.Equal($"{action} requested for web: now {status}, wanted running{Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task Stop_Timeout_SendsTheSeconds()
    {
        _cli.ServerHandler.On("POST", $"{WebUrl}/stop", HttpStatusCode.Accepted,
            ComputeFakes.Container(ComputeFakes.WebId, "web", "stopping", c => c["desiredState"] = "stopped"));

        var code = await _cli.RunAsync("containers", "stop", "web", "--timeout", "30");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("""{"timeoutSeconds":30}""", Assert.Single(_cli.ServerHandler.Calls()).BodyText);
        Assert.Equal($"stop requested for web: now stopping, wanted stopped{Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task Stop_NoTimeout_SendsNoBodySoTheServerDefaultApplies()
    {
        _cli.ServerHandler.On("POST", $"{WebUrl}/stop", HttpStatusCode.Accepted, ComputeFakes.Container(ComputeFakes.WebId, "web", "stopping"));

        var code = await _cli.RunAsync("containers", "stop", ComputeFakes.WebId);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Null(Assert.Single(_cli.ServerHandler.Requests).Body);
    }

    [Fact]
    public async Task Stop_TimeoutOutOfRange_IsAUsageErrorBeforeAnyRequest()
    {
        var code = await _cli.RunAsync("containers", "stop", "web", "--timeout", "301");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("error: --timeout 301 is outside 1-300 seconds", _cli.Error, StringComparison.Ordinal);
    }

    // rm

    [Fact]
    public async Task Rm_NotATerminalWithoutYes_RefusesBeforeAnyRequest()
    {
        var code = await _cli.RunAsync("containers", "rm", "web");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("error: refusing to delete container web without confirmation: stdin is not a terminal", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: pass --yes", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_AnsweredNo_DeletesNothing()
    {
        var code = await _cli.RunAsync(new DfsConsole(interactive: true).WithLine("n"), "containers", "rm", "web");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.DoesNotContain(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Delete);
        Assert.Contains($"Delete container web ({ComputeFakes.WebId}), its /data volume and its ingress rules? This cannot be undone. [y/N]", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("not deleted", _cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "y")]
    [InlineData(false, null)]
    public async Task Rm_ConfirmedOrYes_DeletesById(bool interactive, string? answer)
    {
        _cli.ServerHandler.On("DELETE", WebUrl, HttpStatusCode.NoContent);
        var console = new DfsConsole(interactive);
        if (answer is not null)
        {
            console.WithLine(answer);
        }

        var code = await _cli.RunAsync(console, answer is null ? ["containers", "rm", "web", "--yes"] : ["containers", "rm", "web"]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(WebUrl, Assert.Single(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Delete).Path);
        Assert.Contains($"deleted container web ({ComputeFakes.WebId})", _cli.Out, StringComparison.Ordinal);
    }

    // keys

    [Fact]
    public async Task Keys_NoChange_ShowsTheAllowedKeysByName()
    {
        var code = await _cli.RunAsync("containers", "keys", "web");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.DoesNotContain(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Patch);
        Assert.Equal($"SSH keys that may log in to web: laptop ({ComputeFakes.LaptopKeyId}){Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task Keys_Set_PatchesExactlyThoseIds()
    {
        PatchAnswers();

        var code = await _cli.RunAsync("containers", "keys", "web", "--set", $"work, {ComputeFakes.LaptopFingerprint}");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal($$"""{"allowedKeys":["{{ComputeFakes.WorkKeyId}}","{{ComputeFakes.LaptopKeyId}}"]}""", Patch.BodyText);
        Assert.Equal($"SSH keys that may log in to web: work ({ComputeFakes.WorkKeyId}), laptop ({ComputeFakes.LaptopKeyId}){Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task Keys_SetEmpty_AllowsNone()
    {
        PatchAnswers();

        var code = await _cli.RunAsync("containers", "keys", "web", "--set", "");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("""{"allowedKeys":[]}""", Patch.BodyText);
        Assert.Equal($"no SSH key may log in to web{Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task Keys_Add_KeepsTheCurrentKeysAndAddsTheNewOne()
    {
        PatchAnswers();

        var code = await _cli.RunAsync("containers", "keys", "web", "--add", "work", "--add", "laptop");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal($$"""{"allowedKeys":["{{ComputeFakes.LaptopKeyId}}","{{ComputeFakes.WorkKeyId}}"]}""", Patch.BodyText);
    }

    [Fact]
    public async Task Keys_Remove_DropsTheKey()
    {
        PatchAnswers();

        var code = await _cli.RunAsync("containers", "keys", "web", "--remove", "LAPTOP");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("""{"allowedKeys":[]}""", Patch.BodyText);
    }

    [Fact]
    public async Task Keys_SetWithAdd_IsAUsageErrorBeforeAnyRequest()
    {
        var code = await _cli.RunAsync("containers", "keys", "web", "--set", "laptop", "--add", "work");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("error: --set replaces the whole list", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_AddAKeyYouDoNotHave_ChangesNothing()
    {
        var code = await _cli.RunAsync("containers", "keys", "web", "--add", "desktop");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.DoesNotContain(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Patch);
        Assert.Contains("error: you have no SSH key 'desktop'", _cli.Error, StringComparison.Ordinal);
    }

    private StorageRequest Patch => Assert.Single(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Patch);

    /// <summary>PATCH answers the container with the allowedKeys it was sent, as the server would.</summary>
    private void PatchAnswers() => _cli.ServerHandler.On("PATCH", WebUrl, r =>
    {
        var keys = JsonDocument.Parse(r.BodyText).RootElement.GetProperty("allowedKeys").Clone();
        return StorageFakeServer.Json(HttpStatusCode.OK, ComputeFakes.Container(ComputeFakes.WebId, "web", change: c =>
            c["allowedKeys"] = System.Text.Json.Nodes.JsonNode.Parse(keys.GetRawText())));
    });

    public void Dispose() => _cli.Dispose();
}
