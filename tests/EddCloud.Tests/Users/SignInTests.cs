using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Users;

[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class SignInTests(SiloFixture fixture)
{
    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task TokenLogin_RightPassword_TokenWorksForMe()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var client = await user.SignInAsync(Silo);

        var me = await client.GetFromJsonAsync<TestUsers.UserBody>("/api/me");

        Assert.Equal(user.Username, me!.Username);
        Assert.Equal("user", me.Role);
        Assert.Equal(user.Id, me.Id);
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownUser_SameUnauthorizedAnswer()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var client = Silo.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = "not-the-password-1" });
        var unknown = await client.PostAsJsonAsync("/api/auth/token", new { username = TestUsers.NewUsername(), password = "not-the-password-1" });

        var wrongDetail = await ApiAssert.ProblemAsync(wrong, HttpStatusCode.Unauthorized, "unauthorized", "wrong password");
        var unknownDetail = await ApiAssert.ProblemAsync(unknown, HttpStatusCode.Unauthorized, "unauthorized", "unknown user");
        Assert.Equal(wrongDetail, unknownDetail);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_UsernameInOtherCase_SignsIn()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);

        using var client = await Silo.SignInAsync(user.Username.ToUpperInvariant(), user.Password);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task CookieLogin_SetsHttpOnlySecureStrictCookies_AndChangesNeedCsrfHeader()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var client = Silo.CreateClient();

        var login = await client.PostAsJsonAsync("/api/auth/login", new { username = user.Username, password = user.Password });
        await ApiAssert.StatusAsync(login, HttpStatusCode.OK, "cookie login");
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        var session = Assert.Single(cookies, c => c.StartsWith("edd_session=", StringComparison.Ordinal));
        var csrf = Assert.Single(cookies, c => c.StartsWith("edd_csrf=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("httponly", csrf, StringComparison.OrdinalIgnoreCase);
        var body = await login.Content.ReadFromJsonAsync<CookieLoginBody>();
        Assert.DoesNotContain(body!.CsrfToken, session, StringComparison.Ordinal);

        var cookieHeader = string.Join("; ", cookies.Select(c => c.Split(';')[0]));
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        get.Headers.Add("Cookie", cookieHeader);
        await ApiAssert.StatusAsync(await client.SendAsync(get), HttpStatusCode.OK, "GET with cookie");

        using var noCsrf = new HttpRequestMessage(HttpMethod.Post, "/api/me/tokens") { Content = JsonContent.Create(new { name = "x", scopes = new[] { "account:read" } }) };
        noCsrf.Headers.Add("Cookie", cookieHeader);
        await ApiAssert.ProblemAsync(await client.SendAsync(noCsrf), HttpStatusCode.Forbidden, "forbidden", "POST with cookie, no CSRF header");

        using var withCsrf = new HttpRequestMessage(HttpMethod.Post, "/api/me/tokens") { Content = JsonContent.Create(new { name = "x", scopes = new[] { "account:read" } }) };
        withCsrf.Headers.Add("Cookie", cookieHeader);
        withCsrf.Headers.Add("X-CSRF-Token", body.CsrfToken);
        await ApiAssert.StatusAsync(await client.SendAsync(withCsrf), HttpStatusCode.Created, "POST with cookie and CSRF header");

        using var listTokens = new HttpRequestMessage(HttpMethod.Get, "/api/me/tokens");
        listTokens.Headers.Add("Cookie", cookieHeader);
        var tokens = await (await client.SendAsync(listTokens)).Content.ReadFromJsonAsync<ItemsBody<object>>();
        Assert.Single(tokens!.Items);
    }

    [Fact]
    public async Task Logout_RevokesTheSession_TokenStopsWorking()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var client = await user.SignInAsync(Silo);

        await ApiAssert.StatusAsync(await client.PostAsync("/api/auth/logout", null), HttpStatusCode.NoContent, "logout");

        await ApiAssert.ProblemAsync(await client.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthorized", "token after logout");
    }

    [Fact]
    public async Task RepeatedFailures_ThrottleThatAddressOnly_RealUserElsewhereStillSignsIn()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var attacker = ClientFrom("127.0.0.2");

        HttpResponseMessage last = new(HttpStatusCode.OK);
        for (var attempt = 0; attempt < 8; attempt++)
            last = await attacker.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = $"guess-number-{attempt}" });
        await ApiAssert.ProblemAsync(last, HttpStatusCode.TooManyRequests, "rate_limited", "attacker after 8 failures");
        Assert.True(last.Headers.RetryAfter is not null, "a throttled answer says when to retry");

        // Even the right password waits from the attacker's address...
        var fromAttacker = await attacker.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        await ApiAssert.ProblemAsync(fromAttacker, HttpStatusCode.TooManyRequests, "rate_limited", "right password from the throttled address");
        // ...but the real user, from their own address, is not locked out.
        using var realUser = ClientFrom("127.0.0.3");
        var fromUser = await realUser.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        await ApiAssert.StatusAsync(fromUser, HttpStatusCode.OK, "real user from another address");
    }

    /// <summary>A client whose connections come from another loopback address, as a second machine would.</summary>
    private HttpClient ClientFrom(string sourceAddress)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = Silo.BaseAddress };
    }

    private sealed record CookieLoginBody(string CsrfToken, DateTimeOffset ExpiresAt);

    private sealed record ItemsBody<T>(List<T> Items);
}
