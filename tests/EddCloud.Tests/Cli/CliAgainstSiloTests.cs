using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using EddCloud.Cli;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Cli;

/// <summary>The real <c>edd</c> command tree against the real single-node silo: what an operator actually types.</summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class CliAgainstSiloTests(SiloFixture fixture) : IDisposable
{
    private const UnixFileMode Mode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly List<CliAgainstSiloHarness> _harnesses = [];

    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task AdminCreatesUser_UserSignsInAndMakesAToken_RemovedUserIsSignedOutWithin5s()
    {
        var admin = NewCli();
        (await admin.RunWithStdinAsync(SiloProcess.AdminPassword, "login", "--username", SiloProcess.AdminUsername, "--password-stdin")).AssertOk();
        Assert.True(File.Exists(admin.Store.FilePath), "login stores the session in config.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(Mode600, File.GetUnixFileMode(admin.Store.FilePath));
            Assert.Equal(Mode700, File.GetUnixFileMode(admin.ConfigDirectory));
        }

        var adminWho = (await admin.RunAsync("whoami")).AssertOk();
        Assert.Matches(Row("username", SiloProcess.AdminUsername), adminWho.Out);
        Assert.Matches(Row("role", "admin"), adminWho.Out);

        // "aaa" sorts the user onto the first page however many users other tests left behind.
        var username = "aaa" + Guid.NewGuid().ToString("N")[..12];
        var password = TestUsers.NewPassword();
        var created = (await admin.RunWithStdinAsync(password, "admin", "users", "create", username, "--password-stdin")).AssertOk();
        Assert.Contains($"created user {username}", created.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(password, created.Out + created.Error, StringComparison.Ordinal);

        var listed = (await admin.RunAsync("admin", "users", "ls", "--json")).AssertOk();
        using (var page = JsonDocument.Parse(listed.Out))
        {
            var entry = Assert.Single(page.RootElement.GetProperty("items").EnumerateArray(), u => u.GetProperty("username").GetString() == username);
            Assert.Equal("user", entry.GetProperty("role").GetString());
        }

        var user = NewCli();
        var login = (await user.RunWithStdinAsync(password, "login", "-u", username, "--password-stdin")).AssertOk();
        Assert.Contains($"as {username} (user)", login.Out, StringComparison.Ordinal);
        Assert.NotEqual(admin.ConfigDirectory, user.ConfigDirectory);
        Assert.Matches(Row("username", username), (await user.RunAsync("whoami")).AssertOk().Out);
        Assert.Matches(Row("username", SiloProcess.AdminUsername), (await admin.RunAsync("whoami")).AssertOk().Out);

        var tokenRun = (await user.RunAsync("tokens", "create", "cli-test", "--scope", "account:read")).AssertOk();
        var token = tokenRun.Out.Trim();
        Assert.StartsWith("edd_pat_", token, StringComparison.Ordinal);
        Assert.Contains("shown only once", tokenRun.Error, StringComparison.Ordinal);
        var script = NewCli();
        script.Environment["EDD_TOKEN"] = token;
        var scriptWho = (await script.RunAsync("whoami")).AssertOk();
        Assert.Matches(Row("username", username), scriptWho.Out);
        Assert.Matches(Row("credentials", "API token from EDD_TOKEN"), scriptWho.Out);
        Assert.False(File.Exists(script.Store.FilePath), "an EDD_TOKEN run writes no config");

        var removed = (await admin.RunAsync("admin", "users", "rm", username, "--yes")).AssertOk();
        Assert.Contains($"deleted user {username}", removed.Out, StringComparison.Ordinal);

        CliRun? last = null;
        await ApiAssert.ChangesWithinAsync(async () => (last = await user.RunAsync("whoami")).ExitCode == ExitCodes.NotSignedIn,
            TimeSpan.FromSeconds(5), "the removed user's `edd whoami` exiting with 3");
        Assert.Contains("hint:", last!.Error, StringComparison.Ordinal);
        Assert.Contains("edd login", last.Error, StringComparison.Ordinal);
        Assert.Empty(last.Out);

        var scriptAfter = await script.RunAsync("whoami");
        Assert.True(scriptAfter.ExitCode == ExitCodes.NotSignedIn, scriptAfter.ToString());
        Assert.Contains("EDD_TOKEN", scriptAfter.Error, StringComparison.Ordinal);

        var relist = (await admin.RunAsync("admin", "users", "ls", "--json")).AssertOk();
        Assert.DoesNotContain($"\"{username}\"", relist.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_ForgetsTheStoredSession_AndTheServerNoLongerAcceptsIt()
    {
        var admin = NewCli();
        (await admin.RunWithStdinAsync(SiloProcess.AdminPassword, "login", "--username", SiloProcess.AdminUsername, "--password-stdin")).AssertOk();
        var token = admin.Store.Load()?.Token;
        Assert.False(string.IsNullOrEmpty(token), "login stored a token");
        using var api = Silo.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(api, token!));

        var logout = (await admin.RunAsync("logout")).AssertOk();

        Assert.Contains("signed out of", logout.Out, StringComparison.Ordinal);
        var stored = admin.Store.Load();
        Assert.NotNull(stored);
        Assert.Null(stored.Token);
        Assert.Null(stored.Username);
        Assert.DoesNotContain(token!, await File.ReadAllTextAsync(admin.Store.FilePath), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync(api, token!));

        var whoami = await admin.RunAsync("whoami");
        Assert.True(whoami.ExitCode == ExitCodes.NotSignedIn, whoami.ToString());
        Assert.Contains("edd login", whoami.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var harness in _harnesses)
            harness.Dispose();
    }

    private CliAgainstSiloHarness NewCli()
    {
        var harness = new CliAgainstSiloHarness(Silo.BaseAddress);
        _harnesses.Add(harness);
        return harness;
    }

    private static async Task<HttpStatusCode> MeStatusAsync(HttpClient api, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await api.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A row of the two-column whoami table.</summary>
    private static Regex Row(string field, string value) => new($@"(?m)^{Regex.Escape(field)}\s+{Regex.Escape(value)}\s*$");
}
