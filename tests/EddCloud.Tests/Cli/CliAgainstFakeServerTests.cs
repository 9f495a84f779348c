using System.Net;
using System.Text.Json;
using EddCloud.Cli;

namespace EddCloud.Tests.Cli;

/// <summary>Unit tests of the <c>edd</c> command tree and its API client against an in-memory fake server.</summary>
public sealed class CliAgainstFakeServerTests : IDisposable
{
    private const string AliceJson = """{"id":"u-alice","username":"alice","role":"admin","createdAt":"2026-01-02T03:04:05Z"}""";
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Login_ValidCredentials_StoresTokenAndWhoAmISendsIt()
    {
        _cli.ServerHandler
            .On("POST", "/api/auth/token", _ => FakeServerHandler.Json(HttpStatusCode.OK,
                $$"""{"token":"jwt-123","expiresAt":"2099-01-01T00:00:00Z","sessionId":"s-1","user":{{AliceJson}}}"""))
            .On("GET", "/api/me", r => r.Authorization == "Bearer jwt-123"
                ? FakeServerHandler.Json(HttpStatusCode.OK, AliceJson)
                : FakeServerHandler.Problem(HttpStatusCode.Unauthorized, "unauthorized", "no credentials"));

        var login = await _cli.RunAsync(new FakeConsole().WithLine("correct horse battery"), "login", "--username", "alice", "--password-stdin");

        Assert.Equal(ExitCodes.Ok, login);
        Assert.DoesNotContain("jwt-123", _cli.Out + _cli.Error, StringComparison.Ordinal);
        var tokenRequest = Assert.Single(_cli.ServerHandler.Requests);
        using (var body = JsonDocument.Parse(tokenRequest.Body!))
        {
            Assert.Equal("alice", body.RootElement.GetProperty("username").GetString());
            Assert.Equal("correct horse battery", body.RootElement.GetProperty("password").GetString());
        }

        var stored = _cli.Store.Load()!;
        Assert.Equal(("http://localhost:8080", "jwt-123", "alice"), (stored.Server, stored.Token, stored.Username));
        Assert.Equal(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), stored.ExpiresAt);

        var whoami = await _cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.Ok, whoami);
        Assert.Equal("Bearer jwt-123", _cli.ServerHandler.Requests.Last().Authorization);
        Assert.Contains("alice", _cli.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("jwt-123", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_InteractiveWithoutFlags_PromptsForUsernameAndSecretPassword()
    {
        _cli.ServerHandler.On("POST", "/api/auth/token", _ => FakeServerHandler.Json(HttpStatusCode.OK,
            $$"""{"token":"jwt-1","expiresAt":"2099-01-01T00:00:00Z","sessionId":"s-1","user":{{AliceJson}}}"""));

        var code = await _cli.RunAsync(new FakeConsole(interactive: true).WithLine("alice").WithSecret("typed secret"), "login");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("\"password\":\"typed secret\"", _cli.ServerHandler.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_JsonFlag_PrintsValidJsonWithoutTheToken()
    {
        _cli.ServerHandler.On("POST", "/api/auth/token", _ => FakeServerHandler.Json(HttpStatusCode.OK,
            $$"""{"token":"jwt-secret","expiresAt":"2099-01-01T00:00:00Z","sessionId":"s-1","user":{{AliceJson}}}"""));

        var code = await _cli.RunAsync(new FakeConsole().WithLine("correct horse battery"), "--json", "login", "-u", "alice", "--password-stdin");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal("s-1", document.RootElement.GetProperty("sessionId").GetString());
        Assert.False(document.RootElement.TryGetProperty("token", out _));
        Assert.DoesNotContain("jwt-secret", _cli.Out + _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoAmI_ServerAnswers401_ExitsWith3AndSuggestsLogin()
    {
        _cli.SignedIn().ServerHandler.On("GET", "/api/me", _ => FakeServerHandler.Problem(HttpStatusCode.Unauthorized, "unauthorized", "The session was revoked."));

        var code = await _cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.NotSignedIn, code);
        Assert.Contains("error: The session was revoked.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("run `edd login`", _cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoAmI_NoStoredSession_ExitsWith3WithoutCallingServer()
    {
        var code = await _cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.NotSignedIn, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("run `edd login`", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoAmI_StoredSessionForAnotherServer_NeverSendsTheToken()
    {
        _cli.SignedIn(server: "https://other.example").ServerHandler.On("GET", "/api/me", HttpStatusCode.OK, AliceJson);

        var code = await _cli.RunAsync("--server", "http://localhost:8080", "whoami");

        Assert.Equal(ExitCodes.NotSignedIn, code);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    [Fact]
    public async Task WhoAmI_EddTokenSet_SendsItInsteadOfStoredSession()
    {
        _cli.SignedIn(token: "stored").ServerHandler.On("GET", "/api/me", HttpStatusCode.OK, AliceJson);
        _cli.Environment["EDD_TOKEN"] = "edd_pat_abc";

        var code = await _cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("Bearer edd_pat_abc", _cli.ServerHandler.Requests.Single().Authorization);
    }

    [Fact]
    public async Task WhoAmI_ServerNotRunning_ExitsWith2AndSuggestsStartingIt()
    {
        _cli.SignedIn().ServerHandler.Down = true;

        var code = await _cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("is the server running at http://localhost:8080", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("./eddcloud.sh run", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_ServerAnswersValidationProblem_PrintsDetailAndExits1()
    {
        _cli.SignedIn().ServerHandler.On("POST", "/api/admin/users",
            _ => FakeServerHandler.Problem(HttpStatusCode.BadRequest, "validation", "Password must be at least 10 characters."));

        var code = await _cli.RunAsync(new FakeConsole().WithLine("short"), "admin", "users", "create", "bob", "--password-stdin");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: Password must be at least 10 characters.", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoAmI_JsonFlag_PrintsServerJsonUnchanged()
    {
        _cli.SignedIn().ServerHandler.On("GET", "/api/me", HttpStatusCode.OK, AliceJson);

        var code = await _cli.RunAsync("whoami", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal("u-alice", document.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task WhoAmI_JsonFlagAnd401_PrintsProblemJsonOnStderrOnly()
    {
        _cli.SignedIn().ServerHandler.On("GET", "/api/me", _ => FakeServerHandler.Problem(HttpStatusCode.Unauthorized, "unauthorized", "expired"));

        var code = await _cli.RunAsync("--json", "whoami");

        Assert.Equal(ExitCodes.NotSignedIn, code);
        Assert.Empty(_cli.Out);
        using var problem = JsonDocument.Parse(_cli.Error);
        Assert.Equal("unauthorized", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Logout_ServerUnreachable_ForgetsTokenAndSaysSo()
    {
        _cli.SignedIn().ServerHandler.Down = true;

        var code = await _cli.RunAsync("logout");

        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Null(_cli.Store.Load()!.Token);
        Assert.Contains("the stored token was deleted anyway", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_ServerAccepts_RevokesWithStoredTokenAndForgetsIt()
    {
        _cli.SignedIn(token: "jwt-9").ServerHandler.On("POST", "/api/auth/logout", HttpStatusCode.NoContent);

        var code = await _cli.RunAsync("logout");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("Bearer jwt-9", _cli.ServerHandler.Requests.Single().Authorization);
        Assert.Null(_cli.Store.Load()!.Token);
    }

    [Fact]
    public async Task TokensCreate_Success_PrintsTokenAloneOnStdoutWithWarning()
    {
        _cli.SignedIn().ServerHandler.On("POST", "/api/me/tokens", _ => FakeServerHandler.Json(HttpStatusCode.Created,
            """{"token":"edd_pat_secret","info":{"id":"t-1","name":"ci","scopes":["account:read","admin:read"],"createdAt":"2026-01-01T00:00:00Z","expiresAt":"2026-02-01T00:00:00Z","lastUsedAt":null}}"""));

        var code = await _cli.RunAsync("tokens", "create", "ci", "--scope", "account:read", "--scope", "admin:read", "--expires-in-days", "31");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("edd_pat_secret", _cli.Out.Trim());
        Assert.Contains("shown only once", _cli.Error, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(_cli.ServerHandler.Requests.Single().Body!);
        Assert.Equal(31, body.RootElement.GetProperty("expiresInDays").GetInt32());
        Assert.Equal(2, body.RootElement.GetProperty("scopes").GetArrayLength());
    }

    public void Dispose() => _cli.Dispose();
}
