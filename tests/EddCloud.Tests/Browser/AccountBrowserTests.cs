using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EddCloud.Tests.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EddCloud.Tests.Browser;

[Collection(BrowserCollection.Name)]
[IntegrationTest]
public sealed class AccountBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public Task CreateApiToken_OnAccountPage_ShownOnceThenGoneAndWorksAsBearer() => fixture.RunAsync(async ui =>
    {
        var api = await fixture.AdminApiAsync();
        var user = await TestUsers.CreateAsync(api);
        var person = await ui.OpenAsync("user");
        await person.SignInAsync(user.Username, user.Password);
        await person.Page.GotoAsync("/account");
        var tokens = person.Page.GetByRole(AriaRole.Region, new() { Name = "API tokens", Exact = true });
        await Expect(tokens).ToBeVisibleAsync();

        // A user (not an admin) is offered only account:read.
        await Expect(tokens.GetByRole(AriaRole.Checkbox, new() { Name = "account:read", Exact = true })).ToBeCheckedAsync();
        await Expect(tokens.GetByRole(AriaRole.Checkbox, new() { Name = "admin:read", Exact = true })).ToHaveCountAsync(0);

        var name = "backup-script-" + Guid.NewGuid().ToString("N")[..6];
        await tokens.GetByLabel("Token name", new() { Exact = true }).FillAsync(name);
        await tokens.GetByLabel("Expires in (days)", new() { Exact = true }).FillAsync("7");
        await tokens.GetByRole(AriaRole.Button, new() { Name = "Create token", Exact = true }).ClickAsync();

        var shown = tokens.GetByRole(AriaRole.Textbox, new() { Name = "New API token value", Exact = true });
        await Expect(shown).ToBeVisibleAsync();
        await Expect(shown).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^edd_pat_"));
        var token = await shown.InputValueAsync();
        await Expect(tokens.GetByRole(AriaRole.Table, new() { Name = "API tokens" }).GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true }))
            .ToBeVisibleAsync();
        await ui.SnapshotAsync(person, "token-shown");

        await tokens.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();

        await Expect(shown).ToHaveCountAsync(0);
        var pageText = await person.Page.EvaluateAsync<string>(
            "() => document.documentElement.outerHTML + '\\n' + [...document.querySelectorAll('input, textarea')].map(e => e.value).join('\\n')");
        Assert.False(pageText.Contains(token, StringComparison.Ordinal), "the token is still somewhere in the page after Done");
        Assert.DoesNotContain(await person.WebStorageEntriesAsync(), e => e.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(token, person.Page.Url, StringComparison.Ordinal);

        // The token works for a script.
        using var script = ui.Silo.CreateClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var me = await script.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.Content.ReadFromJsonAsync<TestUsers.UserBody>();
        Assert.Equal(user.Username, body!.Username);
    });
}
