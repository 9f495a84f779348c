using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EddCloud.Tests.Browser;

/// <summary>
/// The browser tests' silo with an edge in front: Chromium opens the dashboard at https://localhost:&lt;port&gt; and
/// trusts exactly the edge's certificate (by its public key), as a user who trusted the cloud's authority would.
/// </summary>
public sealed class EdgeBrowserFixture : BrowserFixture
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
}
