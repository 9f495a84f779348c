using System.Net;
using EddCloud.Cli;
using EddCloud.Tests.Cli.Storage;

namespace EddCloud.Tests.Cli.Compute;

/// <summary><c>edd ingress ls|add|rm</c>, <c>edd compute usage</c> and <c>edd admin compute-quota</c> against an in-memory fake.</summary>
public sealed class IngressAndQuotaAgainstFakeServerTests : IDisposable
{
    private const string Ingress = $"/api/containers/{ComputeFakes.WebId}/ingress";
    private const string Usage = """{"containers":2,"maxContainers":5,"cpus":1.5,"maxCpus":4,"memoryBytes":1073741824,"maxMemoryBytes":4294967296}""";
    private const string Bob = """{"id":"u-bob","username":"bob","role":"user","createdAt":"2026-01-01T00:00:00Z"}""";

    private readonly StorageHarness _cli = new() { Time = new StoppedClock() };

    public IngressAndQuotaAgainstFakeServerTests() => _cli.ServerHandler.WithContainers()
        .On("GET", "/api/me/compute", HttpStatusCode.OK, Usage)
        .On("GET", "/api/admin/users", HttpStatusCode.OK, $$"""{"items":[{{Bob}}],"next":null}""")
        .On("GET", "/api/admin/users/u-bob", HttpStatusCode.OK, Bob)
        .On("GET", "/api/admin/users/u-bob/compute", HttpStatusCode.OK, Usage)
        .On("PUT", "/api/admin/users/u-bob/compute", HttpStatusCode.OK, Usage);

    private StorageRequest Put => Assert.Single(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Put);

    // ingress

    [Fact]
    public async Task IngressLs_ShowsNamePortPrefixUrl()
    {
        _cli.ServerHandler.On("GET", Ingress, HttpStatusCode.OK, $$$"""
            {"items":[
             {"name":"web","port":8080,"pathPrefix":null,"url":"https://web.apps.example.com","containerId":"{{{ComputeFakes.WebId}}}"},
             {"name":"api","port":9000,"pathPrefix":"/v1","url":"https://api.apps.example.com/v1","containerId":"{{{ComputeFakes.WebId}}}"}]}
            """);

        var code = await _cli.RunAsync("ingress", "ls", "web");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = _cli.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+PORT\s+PREFIX\s+URL$", lines[0]);
        Assert.Matches(@"^web\s+8080\s+-\s+https://web\.apps\.example\.com$", lines[1]);
        Assert.Matches(@"^api\s+9000\s+/v1\s+https://api\.apps\.example\.com/v1$", lines[2]);
    }

    [Fact]
    public async Task IngressAdd_PostsNamePortAndPrefixAndPrintsTheUrl()
    {
        _cli.ServerHandler.On("POST", Ingress, HttpStatusCode.Created,
            $$"""{"name":"api","port":9000,"pathPrefix":"/v1","url":"https://api.apps.example.com/v1","containerId":"{{ComputeFakes.WebId}}"}""");

        var code = await _cli.RunAsync("ingress", "add", "web", "api", "--port", "9000", "--prefix", "/v1");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("""{"name":"api","port":9000,"pathPrefix":"/v1"}""", Assert.Single(_cli.ServerHandler.Calls()).BodyText);
        Assert.Equal($"added ingress api -> port 9000: https://api.apps.example.com/v1{Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task IngressAdd_NameTakenByAnyone_SaysNamesAreClusterWide()
    {
        _cli.ServerHandler.On("POST", Ingress, _ => StorageFakeServer.Problem(HttpStatusCode.Conflict, "conflict", "The ingress name shop is taken."));

        var code = await _cli.RunAsync("ingress", "add", "web", "shop", "--port", "8080");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: The ingress name shop is taken.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: ingress names are unique across the whole cluster: 'shop' is taken; choose another name", _cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--prefix api does not start with /", "--port", "8080", "--prefix", "api")]
    [InlineData("--port 0 is not a TCP port", "--port", "0")]
    public async Task IngressAdd_BadFlag_IsAUsageErrorBeforeAnyRequest(string error, params string[] flags)
    {
        var code = await _cli.RunAsync(["ingress", "add", "web", "api", .. flags]);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains($"error: {error}", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngressAdd_NoPort_RefusedByTheParser()
    {
        var code = await _cli.RunAsync("ingress", "add", "web", "api");

        Assert.NotEqual(ExitCodes.Ok, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("--port", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngressRm_DeletesTheRuleByName()
    {
        _cli.ServerHandler.On("DELETE", $"{Ingress}/api", HttpStatusCode.NoContent);

        var code = await _cli.RunAsync("ingress", "rm", "web", "api");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal($"{Ingress}/api", Assert.Single(_cli.ServerHandler.Calls()).Path);
        Assert.Equal($"removed ingress api from web{Environment.NewLine}", _cli.Out);
    }

    [Fact]
    public async Task IngressRm_NoSuchRule_PointsAtIngressLs()
    {
        var code = await _cli.RunAsync("ingress", "rm", "web", "nope");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains($"error: no route DELETE {Ingress}/nope", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: no such container or ingress rule; see `edd ingress ls web`", _cli.Error, StringComparison.Ordinal);
    }

    // usage and quota

    [Fact]
    public async Task ComputeUsage_ShowsContainersCpusAndMemoryOfTheQuota()
    {
        var code = await _cli.RunAsync("compute", "usage");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("/api/me/compute", Assert.Single(_cli.ServerHandler.Requests).Path);
        Assert.Matches(@"(?m)^containers\s+2 of 5$", _cli.Out);
        Assert.Matches(@"(?m)^cpus\s+1\.5 of 4$", _cli.Out);
        Assert.Matches(@"(?m)^memory\s+1\.00 GiB of 4\.00 GiB \(25%\)$", _cli.Out);
    }

    [Fact]
    public async Task ComputeQuota_NoLimits_ShowsTheUsersComputeWithoutChangingIt()
    {
        var code = await _cli.RunAsync("admin", "compute-quota", "bob");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.DoesNotContain(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Put);
        Assert.Contains("user bob", _cli.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^containers\s+2 of 5$", _cli.Out);
    }

    [Fact]
    public async Task ComputeQuota_CpusAndMemory_PutsThemAndKeepsTheContainerLimit()
    {
        var code = await _cli.RunAsync("admin", "compute-quota", "bob", "--cpus", "8", "--memory", "16G");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("/api/admin/users/u-bob/compute", Put.Path);
        Assert.Equal("""{"maxContainers":5,"maxCpus":8,"maxMemoryBytes":17179869184}""", Put.BodyText);
    }

    [Fact]
    public async Task ComputeQuota_OneDefault_SendsNullForThatOne()
    {
        var code = await _cli.RunAsync("admin", "compute-quota", "bob", "--containers", "default");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("""{"maxContainers":null,"maxCpus":4,"maxMemoryBytes":4294967296}""", Put.BodyText);
    }

    [Fact]
    public async Task ComputeQuota_Default_SendsNullForAllThree()
    {
        var code = await _cli.RunAsync("admin", "compute-quota", "bob", "--default");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("""{"maxContainers":null,"maxCpus":null,"maxMemoryBytes":null}""", Put.BodyText);
    }

    [Theory]
    [InlineData("--default resets all three limits: give it alone", "--default", "--cpus", "2")]
    [InlineData("--memory lots is not a valid limit", "--memory", "lots")]
    [InlineData("--containers 1.5 is not a valid limit", "--containers", "1.5")]
    [InlineData("--cpus -1 is not a valid limit", "--cpus=-1")]
    public async Task ComputeQuota_BadLimit_IsAUsageErrorBeforeAnyRequest(string error, params string[] flags)
    {
        var code = await _cli.RunAsync(["admin", "compute-quota", "bob", .. flags]);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains($"error: {error}", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComputeQuota_NotAnAdmin_SaysAnAdminIsNeeded()
    {
        _cli.ServerHandler.On("GET", "/api/admin/users", _ => StorageFakeServer.Problem(HttpStatusCode.Forbidden, "forbidden", "Admins only."));

        var code = await _cli.RunAsync("admin", "compute-quota", "bob");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: Admins only.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: `edd admin compute-quota` needs an admin account", _cli.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
