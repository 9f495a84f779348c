using System.Net;
using System.Text.Json;
using EddCloud.Cli;

namespace EddCloud.Tests.Cli.Storage;

/// <summary><c>edd usage</c> / <c>edd storage</c> and <c>edd admin quota</c> against an in-memory fake.</summary>
public sealed class UsageCommandsAgainstFakeServerTests : IDisposable
{
    private const string Usage = """{"usedBytes":1073741824,"maxBytes":4294967296,"namespaces":2,"maxNamespaces":10}""";

    private readonly StorageHarness _cli = new();

    public UsageCommandsAgainstFakeServerTests()
    {
        _cli.ServerHandler.On("GET", "/api/me/storage", HttpStatusCode.OK, Usage);
        _cli.ServerHandler.On("GET", "/api/admin/users", HttpStatusCode.OK,
            """{"items":[{"id":"u-bob","username":"bob","role":"user","createdAt":"2026-01-01T00:00:00Z"}],"next":null}""");
        _cli.ServerHandler.On("GET", "/api/admin/users/u-bob", HttpStatusCode.OK, """{"id":"u-bob","username":"bob","role":"user","createdAt":"2026-01-01T00:00:00Z"}""");
        _cli.ServerHandler.On("GET", "/api/admin/users/u-bob/storage", HttpStatusCode.OK, Usage);
        _cli.ServerHandler.On("PUT", "/api/admin/users/u-bob/storage", HttpStatusCode.OK, Usage);
    }

    [Theory]
    [InlineData("usage")]
    [InlineData("storage")]
    public async Task Usage_ShowsUsedOfMaxAndNamespaces(string name)
    {
        var code = await _cli.RunAsync(name);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("/api/me/storage", Assert.Single(_cli.ServerHandler.Requests).Path);
        Assert.Matches(@"used\s+1\.00 GiB of 4\.00 GiB \(25%\)", _cli.Out);
        Assert.Matches(@"namespaces\s+2 of 10", _cli.Out);
    }

    [Fact]
    public async Task Usage_Json_PrintsTheServerJson()
    {
        var code = await _cli.RunAsync("usage", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(4294967296, document.RootElement.GetProperty("maxBytes").GetInt64());
    }

    [Fact]
    public async Task Quota_NoLimits_ShowsTheUsersUsageWithoutChangingIt()
    {
        var code = await _cli.RunAsync("admin", "quota", "bob");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.DoesNotContain(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Put);
        Assert.Contains("user bob", _cli.Out, StringComparison.Ordinal);
        Assert.Matches(@"namespaces\s+2 of 10", _cli.Out);
    }

    [Fact]
    public async Task Quota_MaxBytes10GiB_PutsTheBytesAndKeepsTheNamespaceLimit()
    {
        var code = await _cli.RunAsync("admin", "quota", "bob", "--max-bytes", "10GiB");

        Assert.Equal(ExitCodes.Ok, code);
        var put = Assert.Single(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Put);
        Assert.Equal("/api/admin/users/u-bob/storage", put.Path);
        Assert.Equal("""{"maxBytes":10737418240,"maxNamespaces":10}""", put.BodyText);
    }

    [Fact]
    public async Task Quota_Default_SendsNullForTheServersDefault()
    {
        var code = await _cli.RunAsync("admin", "quota", "u-bob", "--max-namespaces", "default", "--max-bytes", "1.5 GB");

        Assert.Equal(ExitCodes.Ok, code);
        var put = Assert.Single(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Put);
        Assert.Equal("""{"maxBytes":1500000000,"maxNamespaces":null}""", put.BodyText);
    }

    [Fact]
    public async Task Quota_SizeNotUnderstood_IsAUsageErrorWithAnExample()
    {
        var code = await _cli.RunAsync("admin", "quota", "bob", "--max-bytes", "lots");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: --max-bytes lots is not a valid limit", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("10GiB", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    [Fact]
    public async Task Quota_NotAnAdmin_Exits1AndSaysSo()
    {
        _cli.ServerHandler.On("GET", "/api/admin/users", _ => StorageFakeServer.Problem(HttpStatusCode.Forbidden, "forbidden", "Admins only."));

        var code = await _cli.RunAsync("admin", "quota", "bob");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: Admins only.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: `edd admin quota` needs an admin account", _cli.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
