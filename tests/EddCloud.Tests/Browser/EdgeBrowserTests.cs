using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EddCloud.Tests.Compute;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EddCloud.Tests.Browser;

/// <summary>
/// The browser tests' silo with an edge in front: Chromium opens the dashboard at https://localhost:&lt;port&gt; and
/// trusts exactly the edge's certificate (by its public key), as a user who trusted the cloud's authority would.
/// The silo runs compute (real Podman), for the web terminal.
/// </summary>
public sealed class EdgeBrowserFixture() : BrowserFixture(ComputeApi.Settings())
{
    private EdgeProcess? _edge;

    public EdgeProcess Edge => _edge ?? throw new InvalidOperationException("The edge has not started.");

    protected override async Task<IReadOnlyList<string>> StartInFrontAsync(SiloProcess silo)
    {
        _edge = await EdgeProcess.StartAsync(silo);
        BaseAddress = _edge.BaseAddress;
        var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_edge.DataDirectory, "edge", "tls", "cert.pem")));
        var spki = Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
        return [$"--ignore-certificate-errors-spki-list={spki}"];
    }

    protected override async Task CleanUpAsync(SiloProcess silo)
    {
        await ComputeApi.RemoveLeftoversAsync(silo);
    }

    protected override async Task StopInFrontAsync()
    {
        if (_edge is not null)
            await _edge.DisposeAsync();
        _edge = null;
    }
}

[CollectionDefinition(Name)]
public sealed class EdgeBrowserCollection : ICollectionFixture<EdgeBrowserFixture>
{
    public const string Name = "browser through the edge (silo + edge + headless Chromium)";
}

[Collection(EdgeBrowserCollection.Name)]
[IntegrationTest]
public sealed class EdgeBrowserTests(EdgeBrowserFixture fixture)
{
    [Fact]
    public Task SignIn_OnTheDashboardOverHttpsThroughTheEdge_GivesASecureSession_AndPagesLoad() => fixture.RunAsync(async ui =>
    {
        var api = await fixture.AdminApiAsync();
        var user = await TestUsers.CreateAsync(api);
        var person = await ui.OpenAsync("user");

        var response = await person.Page.GotoAsync("/sign-in");
        Assert.NotNull(response);
        Assert.StartsWith($"https://localhost:{fixture.Edge.HttpsPort}/", response.Url, StringComparison.Ordinal);
        Assert.NotNull(await response.HeaderValueAsync("strict-transport-security"));
        await person.SignInAsync(user.Username, user.Password);

        var session = await person.SessionCookieAsync();
        Assert.NotNull(session);
        Assert.True(session.Secure && session.HttpOnly, "the session cookie through the edge is Secure and HttpOnly");
        await person.MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await Expect(person.Page.GetByRole(AriaRole.Table, new() { Name = "My sessions" })).ToContainTextAsync("This device");
    });

    [Fact]
    public Task Owner_OpensTheWebTerminal_OnTheContainerPage_RunsACommand_AndSeesItsOutput() => fixture.RunAsync(async ui =>
    {
        var api = await fixture.AdminApiAsync();
        var user = await TestUsers.CreateAsync(api);
        using var owner = await user.SignInAsync(fixture.Silo);
        var created = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("term") });
        await ComputeApi.WaitRunningAsync(owner, created.Id);
        var person = await ui.OpenAsync("owner");
        await person.SignInAsync(user.Username, user.Password);
        var page = person.Page;

        await page.GotoAsync($"/containers/{created.Id}");
        await Expect(page.GetByTestId("container-status")).ToHaveTextAsync("running", new() { Timeout = 60_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Open terminal", Exact = true }).ClickAsync();
        var state = page.GetByTestId("terminal-state");
        await Expect(state).ToContainTextAsync("Connected", new() { Timeout = 30_000 });

        // Typed into xterm.js as a person would, once the shell's prompt is there (root's ends in '#'), at a person's
        // pace: keys sent all at once on a busy machine reached xterm.js faster than it read its input box.
        var terminal = page.GetByTestId("terminal");
        await Expect(terminal).ToContainTextAsync("#", new() { Timeout = 30_000 });
        await terminal.ClickAsync();
        await page.Keyboard.TypeAsync("echo edd-$((6*7)) in $(hostname)", new() { Delay = 40 });
        await page.Keyboard.PressAsync("Enter");
        await Expect(terminal).ToContainTextAsync("edd-42 in", new() { Timeout = 30_000 });

        await page.Keyboard.TypeAsync("exit 4", new() { Delay = 40 });
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("terminal-state")).ToHaveTextAsync("The shell ended (exit status 4).", new() { Timeout = 30_000 });
    });
}
