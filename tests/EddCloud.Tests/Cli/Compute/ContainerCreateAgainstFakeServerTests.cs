using System.Net;
using System.Text.Json.Nodes;
using EddCloud.Cli;
using EddCloud.Tests.Cli.Storage;

namespace EddCloud.Tests.Cli.Compute;

/// <summary><c>edd containers create</c> against an in-memory fake: the exact spec sent, flags refused before any request, --wait.</summary>
public sealed class ContainerCreateAgainstFakeServerTests : IDisposable
{
    private readonly StorageHarness _cli = new() { Time = new StoppedClock() };

    public ContainerCreateAgainstFakeServerTests() => _cli.ServerHandler.WithContainers();

    private StorageRequest Post => Assert.Single(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Post);

    private void CreatedAs(string status, Action<JsonObject>? change = null) =>
        _cli.ServerHandler.On("POST", "/api/containers", HttpStatusCode.Created, ComputeFakes.Container(ComputeFakes.WebId, "web", status, change));

    /// <summary>GET /api/containers/{web} answers these statuses in turn (the last one again after that).</summary>
    private void ThenStatuses(params (string Status, Action<JsonObject>? Change)[] answers)
    {
        var next = 0;
        _cli.ServerHandler.On("GET", $"/api/containers/{ComputeFakes.WebId}", _ =>
        {
            var (status, change) = answers[Math.Min(next++, answers.Length - 1)];
            return StorageFakeServer.Json(HttpStatusCode.OK, ComputeFakes.Container(ComputeFakes.WebId, "web", status, change));
        });
    }

    [Fact]
    public async Task Create_EveryOption_PostsExactlyTheSpecWithTheCommandAfterDashDashAsData()
    {
        CreatedAs("creating");

        var code = await _cli.RunAsync("containers", "create", "web",
            "--image", "eddcloud/python:3", "--cpus", "0.5", "--memory", "512M", "--pids", "128",
            "--env", "GREETING=hello world", "--env", "EMPTY=", "--env", "URL=a=b&c",
            "--port", "8080", "-p", "9000", "--restart", "always",
            "--key", "laptop", "--key", ComputeFakes.WorkFingerprint, "--key", ComputeFakes.LaptopKeyId,
            "--ingress", "web:8080", "--ingress", "api:9000/v1",
            "--", "sh", "-c", "echo $HOME; rm -rf / && true", "|", ">out", "--port", "1");

        Assert.Equal(ExitCodes.Ok, code);
        var expected = JsonNode.Parse($$"""
            {"name":"web","image":"eddcloud/python:3","cpus":0.5,"memoryBytes":536870912,"pidsLimit":128,
             "env":{"GREETING":"hello world","EMPTY":"","URL":"a=b&c"},
             "command":["sh","-c","echo $HOME; rm -rf / && true","|",">out","--port","1"],
             "ports":[8080,9000],"restartPolicy":"always",
             "allowedKeys":["{{ComputeFakes.LaptopKeyId}}","{{ComputeFakes.WorkKeyId}}"],
             "ingress":[{"name":"web","port":8080},{"name":"api","port":9000,"pathPrefix":"/v1"}]}
            """);
        var sent = JsonNode.Parse(Post.BodyText);
        Assert.True(JsonNode.DeepEquals(expected, sent), $"sent {sent!.ToJsonString()}");
        Assert.Equal("/api/containers", Post.Path);
        Assert.Equal("Bearer session-jwt", Post.Header("Authorization"));
        Assert.StartsWith($"created container web ({ComputeFakes.WebId}); status: creating{Environment.NewLine}", _cli.Out, StringComparison.Ordinal);
        Assert.Contains("`edd containers show web`", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NameOnly_SendsOnlyTheNameAndNeverListsKeys()
    {
        CreatedAs("creating");

        var code = await _cli.RunAsync("containers", "create", "web");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("""{"name":"web"}""", Post.BodyText);
        Assert.Single(_cli.ServerHandler.Requests);
    }

    [Fact]
    public async Task Create_NoVolume_SendsVolumeFalseAndNothingElseExtra()
    {
        CreatedAs("creating", c => c["volume"] = false);

        var code = await _cli.RunAsync("containers", "create", "web", "--no-volume", "--port", "8080");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("""{"name":"web","ports":[8080],"volume":false}""", Post.BodyText);
    }

    [Fact]
    public async Task Create_WithoutNoVolume_LeavesTheVolumeFieldOut()
    {
        CreatedAs("creating");

        var code = await _cli.RunAsync("containers", "create", "web", "--port", "8080");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("""{"name":"web","ports":[8080]}""", Post.BodyText);
    }

    [Fact]
    public async Task Create_Help_DescribesNoVolume()
    {
        var code = await _cli.RunAsync("containers", "create", "--help");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("--no-volume", _cli.Out, StringComparison.Ordinal);
        Assert.Contains("No persistent volume at /data", _cli.Out, StringComparison.Ordinal);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    [Theory]
    [InlineData("--cpus abc is not a number of cores", "--cpus", "abc")]
    [InlineData("--cpus 0 is not a number of cores", "--cpus", "0")]
    [InlineData("--memory lots is not a size", "--memory", "lots")]
    [InlineData("--pids -5 is not a whole number above 0", "--pids=-5")]
    [InlineData("--env NOEQUALS is not NAME=VALUE", "--env", "NOEQUALS")]
    [InlineData("--env 1ST=x is not NAME=VALUE", "--env", "1ST=x")]
    [InlineData("--env A is given twice", "--env", "A=1", "--env", "A=2")]
    [InlineData("--port 70000 is not a TCP port", "--port", "70000")]
    [InlineData("--port http is not a TCP port", "--port", "http")]
    [InlineData("--port 8080 is given twice", "--port", "8080", "--port", "8080")]
    [InlineData("--ingress web is not name:port[/prefix]", "--ingress", "web")]
    [InlineData("--ingress web:abc/x is not name:port[/prefix]", "--ingress", "web:abc/x")]
    [InlineData("--ingress :80 is not name:port[/prefix]", "--ingress", ":80")]
    [InlineData("--wait-timeout needs --wait", "--wait-timeout", "5")]
    [InlineData("unexpected nginx after the name: the command goes after --", "nginx")]
    public async Task Create_BadFlag_IsAUsageErrorWithAHintAndSendsNothing(string error, params string[] flags)
    {
        var code = await _cli.RunAsync(["containers", "create", "web", .. flags]);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains($"error: {error}", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: ", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NameAfterDashDash_IsRefusedBeforeAnyRequest()
    {
        var code = await _cli.RunAsync("containers", "create", "--", "web", "sleep", "1");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("error: the container name must come before --", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownRestartPolicy_RefusedByTheParserWithoutCallingTheServer()
    {
        var code = await _cli.RunAsync("containers", "create", "web", "--restart", "sometimes");

        Assert.NotEqual(ExitCodes.Ok, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("sometimes", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_KeyYouDoNotHave_SaysSoAndCreatesNothing()
    {
        var code = await _cli.RunAsync("containers", "create", "web", "--key", "desktop");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.DoesNotContain(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Post);
        Assert.Contains("error: you have no SSH key 'desktop'", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("`edd keys ls`", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Wait_ShowsEachStatusAndEndsWithTheSshCommandWhenRunning()
    {
        CreatedAs("creating");
        ThenStatuses(("starting", null), ("running", null));

        var code = await _cli.RunAsync("containers", "create", "web", "--wait");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(2, _cli.ServerHandler.Requests.Count(r => r.Method == HttpMethod.Get && r.Path == $"/api/containers/{ComputeFakes.WebId}"));
        Assert.Equal(["web: creating", "web: starting", "web: running"], _cli.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            $"container web ({ComputeFakes.WebId}) is running on n1{Environment.NewLine}ssh: {ComputeFakes.SshCommand}{Environment.NewLine}"
            + $"ingress: web -> port 8080: https://web.apps.example.com{Environment.NewLine}",
            _cli.Out);
    }

    [Fact]
    public async Task Create_WaitAndItFails_Exits1WithTheStatusReasonAndPointsAtLogs()
    {
        CreatedAs("creating");
        ThenStatuses(("failed", c => c["statusReason"] = "image nope:latest is not on node n1"));

        var code = await _cli.RunAsync("containers", "create", "web", "--image", "nope:latest", "--wait");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("web: failed (image nope:latest is not on node n1)", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("error: container web failed instead of running: image nope:latest is not on node n1", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: see what it printed with `edd containers logs web`", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("", _cli.Out);
    }

    [Fact]
    public async Task Create_WaitAndItExitsWithoutAReason_ReportsTheExitCode()
    {
        CreatedAs("starting");
        ThenStatuses(("exited", c => c["exitCode"] = 3));

        var code = await _cli.RunAsync("containers", "create", "web", "--wait", "--", "false");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: container web exited instead of running: exit code 3", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WaitJsonAndItFails_PrintsTheLastContainerAndAJsonProblem()
    {
        CreatedAs("failed", c => c["statusReason"] = "no node has 64 GiB free");

        var code = await _cli.RunAsync("--json", "containers", "create", "web", "--wait");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("failed", JsonNode.Parse(_cli.Out)!["status"]!.GetValue<string>());
        Assert.Contains("no node has 64 GiB free", JsonNode.Parse(_cli.Error)!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WaitStillStartingAtTheTimeout_Exits1AndSaysHowLongItWaited()
    {
        CreatedAs("creating");
        ThenStatuses(("starting", null));

        var code = await _cli.RunAsync("containers", "create", "web", "--wait", "--wait-timeout", "1");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: container web is still starting after 1 s", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("--wait-timeout", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DuplicateName_PrintsTheServersDetailAndWhatToDo()
    {
        _cli.ServerHandler.On("POST", "/api/containers", _ => StorageFakeServer.Problem(HttpStatusCode.Conflict, "conflict", "You already have a container named web."));

        var code = await _cli.RunAsync("containers", "create", "web");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: You already have a container named web.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: the container name is yours already (see `edd containers ls`)", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PastTheQuota_PointsAtComputeUsage()
    {
        _cli.ServerHandler.On("POST", "/api/containers", _ =>
            StorageFakeServer.Problem(HttpStatusCode.RequestEntityTooLarge, "quota_exceeded", "Your containers may use at most 2 CPUs."));

        var code = await _cli.RunAsync("containers", "create", "web", "--cpus", "4");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: Your containers may use at most 2 CPUs.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: you are at your compute quota", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("`edd compute usage`", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ValidationProblem_PrintsEveryFieldError()
    {
        _cli.ServerHandler.On("POST", "/api/containers", _ => StorageFakeServer.Json(HttpStatusCode.BadRequest,
            """{"type":"https://eddcloud.dev/problems/validation","title":"The request is not valid.","status":400,"detail":"The container spec is not valid.","code":"validation","errors":{"name":["Names are DNS labels."],"memoryBytes":["At least 6 MiB."]}}""",
            "application/problem+json"));

        var code = await _cli.RunAsync("containers", "create", "Web_1", "--memory", "1M");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: The container spec is not valid.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("  name: Names are DNS labels.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("  memoryBytes: At least 6 MiB.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: nothing was created", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SessionRevoked_Exits3AndSaysToLogIn()
    {
        _cli.ServerHandler.On("POST", "/api/containers", _ => StorageFakeServer.Problem(HttpStatusCode.Unauthorized, "unauthorized", "The session was revoked."));

        var code = await _cli.RunAsync("containers", "create", "web");

        Assert.Equal(ExitCodes.NotSignedIn, code);
        Assert.Contains("error: The session was revoked.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("`edd login`", _cli.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
