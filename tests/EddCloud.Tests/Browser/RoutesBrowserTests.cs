using EddCloud.Tests.Routing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EddCloud.Tests.Browser;

[Collection(BrowserCollection.Name)]
[IntegrationTest]
public sealed class RoutesBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public Task Admin_AddsARouteThroughTheForm_SeesItListed_RefusedInputShowsAtItsField_ThenDeletesIt() => fixture.RunAsync(async ui =>
    {
        var host = RoutesApi.NewHost("browser");
        var admin = await ui.OpenAsync("admin");
        await admin.SignInAsAdminAsync();
        var page = admin.Page;

        // Admin › Routes.
        await admin.MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Routes" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(ui.Silo.BaseAddress, "/admin/routes").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Routes", Exact = true, Level = 1 })).ToBeVisibleAsync();

        // A backend the server refuses: its message appears under the Backend field, and nothing is added.
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Add a route" });
        await form.GetByLabel("Host", new() { Exact = true }).FillAsync(host);
        await form.GetByLabel("Path prefix", new() { Exact = true }).FillAsync("/docs");
        await form.GetByLabel("Backend", new() { Exact = true }).FillAsync("ftp://x");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add route", Exact = true }).ClickAsync();
        var backend = form.GetByLabel("Backend", new() { Exact = true });
        await Expect(backend).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(backend).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("must be an http:// or https:// URL"));
        await ui.SnapshotAsync(admin, "routes-refused-backend");

        // A good backend: the route is added and listed with its prefix, backend and source.
        await backend.FillAsync("http://127.0.0.1:3000");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add route", Exact = true }).ClickAsync();
        var routes = page.GetByRole(AriaRole.Table, new() { Name = "Routes" });
        var row = routes.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = host, Exact = true }) });
        await Expect(row).ToContainTextAsync("/docs");
        await Expect(row).ToContainTextAsync("http://127.0.0.1:3000");
        await Expect(row.GetByTestId("route-source")).ToHaveTextAsync("api");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Route {host}/docs → http://127.0.0.1:3000 added." })).ToBeVisibleAsync();
        var api = await fixture.AdminApiAsync();
        Assert.Contains((await RoutesApi.ListAsync(api)).Items, r => r.Host == host && r.PathPrefix == "/docs" && r.Backend == "http://127.0.0.1:3000");
        await ui.SnapshotAsync(admin, "routes-after-add");

        // Delete asks first; confirmed, the route leaves the table and the API.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {host}/docs", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete route {host}/docs?", Exact = true });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete route", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Route {host}/docs deleted." })).ToBeVisibleAsync();
        await Expect(routes.GetByRole(AriaRole.Rowheader, new() { Name = host, Exact = true })).ToHaveCountAsync(0);
        Assert.DoesNotContain((await RoutesApi.ListAsync(api)).Items, r => r.Host == host);
    });
}
