using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EddCloud.Tests.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EddCloud.Tests.Browser;

[Collection(BrowserCollection.Name)]
[IntegrationTest]
public sealed partial class SignInBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public Task SignIn_WrongPassword_ShowsServerMessageAndSetsNoSessionCookie() => fixture.RunAsync(async ui =>
    {
        var api = await fixture.AdminApiAsync();
        var user = await TestUsers.CreateAsync(api);
        var person = await ui.OpenAsync("user");

        await person.Page.GotoAsync("/sign-in");
        await person.Page.GetByLabel("Username", new() { Exact = true }).FillAsync(user.Username);
        await person.Page.GetByLabel("Password", new() { Exact = true }).FillAsync("not-the-password-1");
        var login = await person.Page.RunAndWaitForResponseAsync(
            () => person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync(),
            r => r.Url.EndsWith("/api/auth/login", StringComparison.Ordinal));

        Assert.Equal((int)HttpStatusCode.Unauthorized, login.Status);
        using var problem = JsonDocument.Parse(await login.TextAsync());
        var detail = problem.RootElement.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail), "the server's 401 has no detail to show");
        await Expect(person.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(detail!);
        await Expect(person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeEnabledAsync();
        await Expect(person.SignInHeading).ToBeVisibleAsync();
        await Expect(person.CurrentUser).ToHaveCountAsync(0);
        Assert.Null(await person.SessionCookieAsync());
        await ui.SnapshotAsync(person, "wrong-password");
    });

    [Fact]
    public Task SignIn_RightPassword_SessionCookieHttpOnlyAndNoTokenInWebStorage() => fixture.RunAsync(async ui =>
    {
        var api = await fixture.AdminApiAsync();
        var user = await TestUsers.CreateAsync(api);
        var person = await ui.OpenAsync("user");

        await person.SignInAsync(user.Username, user.Password);
        // Visit what the app offers, so anything it would store has been stored.
        await person.MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await Expect(person.Page.GetByRole(AriaRole.Table, new() { Name = "My sessions" })).ToContainTextAsync("This device");

        var session = await person.SessionCookieAsync();
        Assert.NotNull(session);
        Assert.True(session.HttpOnly, "the session cookie must be HttpOnly");
        Assert.True(session.Secure, "the session cookie must be Secure");
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.True(session.Value.Length >= 16, $"the session cookie's value looks too short to be a credential: {session.Value.Length} characters");

        var documentCookie = await person.Page.EvaluateAsync<string>("() => document.cookie");
        Assert.DoesNotContain(BrowserUser.SessionCookie + "=", documentCookie, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Value, documentCookie, StringComparison.Ordinal);

        var stored = await person.WebStorageEntriesAsync();
        foreach (var entry in stored)
        {
            Assert.False(entry.Contains(session.Value, StringComparison.Ordinal), $"web storage holds the session cookie's value: {entry}");
            Assert.False(JwtShaped().IsMatch(entry), $"web storage holds something JWT-shaped: {entry}");
            Assert.False(entry.Contains("edd_pat_", StringComparison.Ordinal), $"web storage holds an API token: {entry}");
        }
        Assert.DoesNotMatch(JwtShaped(), person.Page.Url);
    });

    [Fact]
    public Task SignOut_SignedIn_ReturnsToSignInAndOldCookieIsRefused() => fixture.RunAsync(async ui =>
    {
        var api = await fixture.AdminApiAsync();
        var user = await TestUsers.CreateAsync(api);
        var person = await ui.OpenAsync("user");
        await person.SignInAsync(user.Username, user.Password);
        var session = await person.SessionCookieAsync();
        Assert.NotNull(session);
        using var client = ui.Silo.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await MeWithCookieAsync(client, session.Value));

        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();

        await Expect(person.SignInHeading).ToBeVisibleAsync();
        // The path is /sign-in; the SPA may add ?next= for the page the user was on.
        await Expect(person.Page).ToHaveURLAsync(SignInUrl());
        await Expect(person.CurrentUser).ToHaveCountAsync(0);
        Assert.Null(await person.SessionCookieAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(client, session.Value));

        // Going back to a signed-in page asks to sign in again.
        await person.Page.GotoAsync("/account");
        await Expect(person.SignInHeading).ToBeVisibleAsync();
    });

    private static async Task<HttpStatusCode> MeWithCookieAsync(HttpClient client, string sessionCookie)
    {
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        me.Headers.Add("Cookie", $"{BrowserUser.SessionCookie}={sessionCookie}");
        using var answer = await client.SendAsync(me);
        return answer.StatusCode;
    }

    [GeneratedRegex(@"^http://localhost:\d+/sign-in(\?.*)?$")]
    private static partial Regex SignInUrl();

    /// <summary>A compact JWT: base64url JSON header ("eyJ"), then a dot and more.</summary>
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+")]
    private static partial Regex JwtShaped();
}
