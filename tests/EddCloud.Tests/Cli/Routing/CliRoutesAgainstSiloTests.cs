using System.Text.RegularExpressions;
using EddCloud.Cli;
using EddCloud.Tests.Routing;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Cli.Routing;

/// <summary>
/// `edd admin routes` against the real single-node silo: an admin adds a route, sees it listed, changes its backend,
/// removes it; a plain user is told the command needs an admin. Each step is checked by what the CLI prints and by the API.
/// </summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class CliRoutesAgainstSiloTests(SiloFixture fixture) : IDisposable
{
    private readonly CliAgainstSiloHarness _cli = new(fixture.Silo.BaseAddress);

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Admin_AddLsSetRm_EachVisibleInTheTable()
    {
        (await _cli.RunWithStdinAsync(SiloProcess.AdminPassword, "login", "--username", SiloProcess.AdminUsername, "--password-stdin")).AssertOk();
        using var api = await fixture.Silo.SignInAsAdminAsync();
        var host = RoutesApi.NewHost("cli");

        var added = (await _cli.RunAsync("admin", "routes", "add", host, "http://127.0.0.1:3000", "--prefix", "/docs", "--strip-prefix")).AssertOk();
        var headline = Regex.Match(added.Out, $@"^added route ([0-9a-f-]{{36}}): {Regex.Escape(host)}/docs -> http://127\.0\.0\.1:3000 \(prefix stripped\)$", RegexOptions.Multiline);
        Assert.True(headline.Success, $"no headline in:\n{added}");
        var id = Guid.Parse(headline.Groups[1].Value);

        var listed = (await _cli.RunAsync("admin", "routes", "ls")).AssertOk();
        Assert.Matches($@"(?m)^{id}\s+{Regex.Escape(host)}\s+/docs\s+yes\s+http://127\.0\.0\.1:3000\s+api\s+\S+ \S+Z$", listed.Out);

        (await _cli.RunAsync("admin", "routes", "set", id.ToString(), "--backend", "http://127.0.0.1:3999", "--strip-prefix=false")).AssertOk();
        var changed = await RoutesApi.FindAsync(api, id);
        Assert.Equal(("/docs", false, "http://127.0.0.1:3999"), (changed?.PathPrefix, changed?.StripPrefix, changed?.Backend));

        var removed = (await _cli.RunAsync("admin", "routes", "rm", id.ToString(), "--yes")).AssertOk();
        Assert.Contains($"removed route {host}/docs -> http://127.0.0.1:3999", removed.Out, StringComparison.Ordinal);
        Assert.Null(await RoutesApi.FindAsync(api, id));
    }

    [Fact]
    public async Task User_Ls_IsRefusedWithTheAdminHint()
    {
        using var admin = await fixture.Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        (await _cli.RunWithStdinAsync(user.Password, "login", "--username", user.Username, "--password-stdin")).AssertOk();

        var refused = await _cli.RunAsync("admin", "routes", "ls");

        Assert.Equal(ExitCodes.Failed, refused.ExitCode);
        Assert.Contains("hint: `edd admin routes` needs an admin account", refused.Error, StringComparison.Ordinal);
    }
}
