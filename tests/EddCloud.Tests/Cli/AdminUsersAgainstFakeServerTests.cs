using System.Net;
using System.Text.Json;
using EddCloud.Cli;

namespace EddCloud.Tests.Cli;

/// <summary>Unit tests of <c>edd admin users</c> against an in-memory fake server with three pages of users.</summary>
public sealed class AdminUsersAgainstFakeServerTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public AdminUsersAgainstFakeServerTests()
    {
        // Keyset pages: after=null → anna,ben; after=ben → carl,dora; after=dora → erik (last).
        _cli.SignedIn().ServerHandler.On("GET", "/api/admin/users", r => FakeServerHandler.Json(HttpStatusCode.OK, r.QueryValue("after") switch
        {
            null => Page("ben", "anna", "ben"),
            "ben" => Page("dora", "carl", "dora"),
            "dora" => Page(null, "erik"),
            var other => throw new InvalidOperationException($"unexpected cursor {other}"),
        }));
    }

    [Fact]
    public async Task Show_UsernameOnLastPage_PagesThroughEveryPage()
    {
        var code = await _cli.RunAsync("admin", "users", "show", "Erik");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal([null, "ben", "dora"], _cli.ServerHandler.Requests.Select(r => r.QueryValue("after")));
        Assert.Contains("u-erik", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetRole_Username_ResolvesToIdBeforeUpdating()
    {
        _cli.ServerHandler.On("PUT", "/api/admin/users/u-dora/role", HttpStatusCode.OK, User("dora", "admin"));

        var code = await _cli.RunAsync("admin", "users", "set-role", "dora", "admin");

        Assert.Equal(ExitCodes.Ok, code);
        var update = _cli.ServerHandler.Requests.Last();
        Assert.Equal("/api/admin/users/u-dora/role", update.Path);
        Assert.Equal("""{"role":"admin"}""", update.Body);
    }

    [Fact]
    public async Task Show_UnknownUsername_ExitsWith1AndSuggestsListing()
    {
        var code = await _cli.RunAsync("admin", "users", "show", "zoe");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("no user has the id or username 'zoe'", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("edd admin users ls", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_JsonAll_PrintsEveryPageAsOneValidDocument()
    {
        var code = await _cli.RunAsync("admin", "users", "ls", "--all", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(["anna", "ben", "carl", "dora", "erik"],
            document.RootElement.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("username").GetString()));
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Ls_OnePage_PrintsAlignedTableAndNextCursorOnStderr()
    {
        var code = await _cli.RunAsync("admin", "users", "ls");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = _cli.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        var roleColumn = lines[0].IndexOf("ROLE", StringComparison.Ordinal);
        Assert.All(lines[1..], line => Assert.Equal(roleColumn, line.IndexOf(" user ", StringComparison.Ordinal) + 1));
        Assert.Contains("--after ben", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NoPasswordGiven_GeneratesStrongPasswordSendsItAndShowsItOnce()
    {
        _cli.ServerHandler.On("POST", "/api/admin/users", HttpStatusCode.Created, User("bob", "user"));

        var code = await _cli.RunAsync("admin", "users", "create", "bob");

        Assert.Equal(ExitCodes.Ok, code);
        using var body = JsonDocument.Parse(_cli.ServerHandler.Requests.Last().Body!);
        var password = body.RootElement.GetProperty("password").GetString()!;
        Assert.True(password.Length >= 20, "generated password too short");
        Assert.Equal("user", body.RootElement.GetProperty("role").GetString());
        Assert.Contains($"password: {password}", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_StdinNotTerminalWithoutYes_RefusesWithoutCallingServer()
    {
        var code = await _cli.RunAsync(new FakeConsole(interactive: false), "admin", "users", "rm", "ben");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("pass --yes", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    [Fact]
    public async Task Rm_InteractiveConfirmed_DeletesResolvedId()
    {
        _cli.ServerHandler.On("DELETE", "/api/admin/users/u-ben", HttpStatusCode.NoContent);

        var code = await _cli.RunAsync(new FakeConsole(interactive: true).WithLine("y"), "admin", "users", "rm", "ben");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(HttpMethod.Delete, _cli.ServerHandler.Requests.Last().Method);
    }

    [Fact]
    public async Task Rm_InteractiveDeclined_DoesNotDelete()
    {
        var code = await _cli.RunAsync(new FakeConsole(interactive: true).WithLine("n"), "admin", "users", "rm", "ben");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.DoesNotContain(_cli.ServerHandler.Requests, r => r.Method == HttpMethod.Delete);
    }

    [Fact]
    public async Task Ls_ApiTokenWithoutAdminScope_Forbidden_ExplainsScopes()
    {
        _cli.Environment["EDD_TOKEN"] = "edd_pat_x";
        _cli.ServerHandler.On("GET", "/api/admin/users", _ => FakeServerHandler.Problem(HttpStatusCode.Forbidden, "forbidden", "Missing scope admin:read."));

        var code = await _cli.RunAsync("admin", "users", "ls");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: Missing scope admin:read.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("EDD_TOKEN", _cli.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();

    private static string User(string name, string role) =>
        $$"""{"id":"u-{{name}}","username":"{{name}}","role":"{{role}}","createdAt":"2026-01-01T00:00:00Z"}""";

    private static string Page(string? next, params string[] names) =>
        $$"""{"items":[{{string.Join(',', names.Select(n => User(n, "user")))}}],"next":{{(next is null ? "null" : $"\"{next}\"")}}}""";
}
