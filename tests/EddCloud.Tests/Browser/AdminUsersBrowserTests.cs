using System.Diagnostics;
using System.Net;
using EddCloud.Tests.Users;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EddCloud.Tests.Browser;

[Collection(BrowserCollection.Name)]
[IntegrationTest]
public sealed class AdminUsersBrowserTests(BrowserFixture fixture, ITestOutputHelper output)
{
    /// <summary>How long a deleted user's open page may take to land on sign-in after its next API call.</summary>
    private static readonly TimeSpan RevocationWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public Task AdminCreatesThenDeletesUser_UserSignedInElsewhere_UserPageLandsOnSignIn() => fixture.RunAsync(async ui =>
    {
        var username = TestUsers.NewUsername();
        var password = TestUsers.NewPassword();

        // The admin signs in and goes to Admin > Users.
        var admin = await ui.OpenAsync("admin");
        await admin.SignInAsAdminAsync();
        await admin.MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Expect(admin.Page).ToHaveURLAsync(new Uri(ui.Silo.BaseAddress, "/admin/users").ToString());
        await Expect(admin.Page.GetByRole(AriaRole.Heading, new() { Name = "Users", Exact = true, Level = 1 })).ToBeVisibleAsync();

        // ...and creates a user through the form.
        var form = admin.Page.GetByRole(AriaRole.Region, new() { Name = "Create a user" });
        await form.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await form.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await form.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("user");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create user", Exact = true }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Status)).ToContainTextAsync($"User {username} created");
        var users = admin.Page.GetByRole(AriaRole.Table, new() { Name = "Users" });
        await Expect(users.GetByRole(AriaRole.Rowheader, new() { Name = username, Exact = true })).ToBeVisibleAsync();
        await ui.SnapshotAsync(admin, "admin-users-after-create");

        // In a second browser, the new user signs in and sees their name in the header.
        var person = await ui.OpenAsync("user");
        await person.SignInAsync(username, password);
        await Expect(person.Page).ToHaveURLAsync(new Uri(ui.Silo.BaseAddress, "/account").ToString());
        await Expect(person.MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        var personCookie = await person.SessionCookieAsync();
        Assert.NotNull(personCookie);

        // The admin deletes the user; the dialog wants the username typed before it lets go.
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = $"Delete {username}", Exact = true }).ClickAsync();
        var dialog = admin.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete {username}?", Exact = true });
        await Expect(dialog).ToBeVisibleAsync();
        var confirm = dialog.GetByRole(AriaRole.Button, new() { Name = "Delete user", Exact = true });
        await Expect(confirm).ToBeDisabledAsync();
        var typeName = dialog.GetByLabel($"Type {username} to confirm", new() { Exact = true });
        await typeName.FillAsync(username[..^1]);
        await Expect(confirm).ToBeDisabledAsync();
        await typeName.FillAsync(username);
        await Expect(confirm).ToBeEnabledAsync();
        await ui.SnapshotAsync(admin, "delete-dialog");
        await confirm.ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(admin.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{username} was deleted." })).ToBeVisibleAsync();
        await Expect(users.GetByRole(AriaRole.Rowheader, new() { Name = username, Exact = true })).ToHaveCountAsync(0);
        var deletedAt = Stopwatch.StartNew();

        // The user's open page, on its next API call (a reload), lands on the sign-in page.
        var reloads = 0;
        while (true)
        {
            reloads++;
            await person.Page.ReloadAsync();
            try
            {
                await Expect(person.SignInHeading).ToBeVisibleAsync(new() { Timeout = 2_000 });
                break;
            }
            catch (PlaywrightException) when (deletedAt.Elapsed < RevocationWithin)
            {
                // Revocation may take a few seconds to reach every silo: try the next API call.
            }
        }
        output.WriteLine($"The deleted user's page showed sign-in {deletedAt.ElapsedMilliseconds} ms after the delete, after {reloads} reload(s).");
        await Expect(person.Page).ToHaveURLAsync(new Uri(ui.Silo.BaseAddress, "/sign-in?next=%2Faccount").ToString());
        await Expect(person.CurrentUser).ToHaveCountAsync(0);
        await ui.SnapshotAsync(person, "deleted-user-page");

        // And the cookie that browser still holds is refused by the API.
        using var client = ui.Silo.CreateClient();
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        me.Headers.Add("Cookie", $"{BrowserUser.SessionCookie}={personCookie.Value}");
        using var answer = await client.SendAsync(me);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    });
}
