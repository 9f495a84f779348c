using System.Net;
using System.Net.Http.Json;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Users;

[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class AccountTests(SiloFixture fixture)
{
    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task ChangePassword_OtherSessionsRevoked_CurrentKept_NewPasswordWorks()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var current = await user.SignInAsync(Silo);
        using var other = await user.SignInAsync(Silo);
        var newPassword = TestUsers.NewPassword();

        var response = await current.PostAsJsonAsync("/api/me/password", new { currentPassword = user.Password, newPassword });

        await ApiAssert.StatusAsync(response, HttpStatusCode.NoContent, "change password");
        await ApiAssert.ChangesWithinAsync(async () => (await other.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the other session being refused after a password change");
        await ApiAssert.StatusAsync(await current.GetAsync("/api/me"), HttpStatusCode.OK, "the session that changed the password");
        await ApiAssert.ProblemAsync(await Silo.CreateClient().PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password }),
            HttpStatusCode.Unauthorized, "unauthorized", "old password");
        using var fresh = await Silo.SignInAsync(user.Username, newPassword);
    }

    [Fact]
    public async Task Sessions_ListShowsEachSignInWithCurrentMarked()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var first = await user.SignInAsync(Silo);
        using var second = await user.SignInAsync(Silo);

        var sessions = (await second.GetFromJsonAsync<ItemsBody<SessionBody>>("/api/me/sessions"))!.Items;

        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s.Current);
        Assert.All(sessions, s => Assert.Equal("127.0.0.1", s.Ip));
        Assert.All(sessions, s => Assert.True(s.ExpiresAt > DateTimeOffset.UtcNow.AddHours(23) && s.ExpiresAt < DateTimeOffset.UtcNow.AddHours(25),
            $"a session lives 24 h by default, this one until {s.ExpiresAt}"));
    }

    [Fact]
    public async Task ApiToken_ShownOnce_ListedWithoutSecret_WorksWithinScope()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var session = await user.SignInAsync(Silo);

        var created = await session.PostAsJsonAsync("/api/me/tokens", new { name = "backup script", scopes = new[] { "account:read" }, expiresInDays = 7 });
        await ApiAssert.StatusAsync(created, HttpStatusCode.Created, "create token");
        var body = (await created.Content.ReadFromJsonAsync<CreatedTokenBody>())!;
        var listing = await session.GetStringAsync("/api/me/tokens");

        Assert.StartsWith("edd_pat_", body.Token, StringComparison.Ordinal);
        Assert.DoesNotContain(body.Token.Split('_')[^1], listing, StringComparison.Ordinal);
        Assert.Contains("backup script", listing, StringComparison.Ordinal);
        Assert.InRange(body.Info.ExpiresAt, DateTimeOffset.UtcNow.AddDays(6.9), DateTimeOffset.UtcNow.AddDays(7.1));
        using var client = Silo.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.Token);
        Assert.Equal(user.Username, (await client.GetFromJsonAsync<TestUsers.UserBody>("/api/me"))!.Username);
    }

    private sealed record SessionBody(Guid Id, bool Current, string? Ip, DateTimeOffset ExpiresAt);
    private sealed record TokenInfoBody(Guid Id, string Name, DateTimeOffset ExpiresAt);
    private sealed record CreatedTokenBody(string Token, TokenInfoBody Info);
    private sealed record ItemsBody<T>(List<T> Items);
}
