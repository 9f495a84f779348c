using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EddCloud.Tests.Browser;

/// <summary>
/// The browser tests' Chromium sees a network of its own (see <see cref="BrowserFixture"/>): the dashboard's port and
/// nothing else of this host, so Podman changing this host's interfaces cannot drop its connections.
/// </summary>
[Collection(BrowserCollection.Name)]
[IntegrationTest]
public sealed class BrowserNetworkTests(BrowserFixture fixture)
{
    [Fact]
    public Task Chromium_ReachesTheDashboard_ButNoOtherPortOfThisHost() => fixture.RunAsync(async ui =>
    {
        using var elsewhere = new TcpListener(IPAddress.Loopback, 0);
        elsewhere.Start();
        var port = ((IPEndPoint)elsewhere.LocalEndpoint).Port;
        var person = await ui.OpenAsync("visitor");

        await person.Page.GotoAsync("/sign-in");
        await Expect(person.SignInHeading).ToBeVisibleAsync();

        var refused = await Assert.ThrowsAsync<PlaywrightException>(() => person.Page.GotoAsync($"http://127.0.0.1:{port}/"));
        Assert.Contains("ERR_CONNECTION_REFUSED", refused.Message, StringComparison.Ordinal);
        Assert.False(elsewhere.Pending(), "a server on this host's loopback was reached from the browser's namespace");
    });
}
