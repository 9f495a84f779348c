using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EddCloud.Tests.SingleNode;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace EddCloud.Tests.Users;

[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class AdminUsersTests(SiloFixture fixture)
{
    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task DeleteUser_TokensStopWithinSeconds_EventOnJetStream_NameReusable()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var session = await user.SignInAsync(Silo);
        var apiToken = (await (await session.PostAsJsonAsync("/api/me/tokens", new { name = "ci", scopes = new[] { "account:read" } }))
            .Content.ReadFromJsonAsync<CreatedTokenBody>())!.Token;
        using var tokenClient = Silo.CreateClient();
        tokenClient.DefaultRequestHeaders.Authorization = new("Bearer", apiToken);
        await ApiAssert.StatusAsync(await tokenClient.GetAsync("/api/me"), HttpStatusCode.OK, "API token before deletion");

        await ApiAssert.StatusAsync(await admin.DeleteAsync($"/api/admin/users/{user.Id}"), HttpStatusCode.NoContent, "delete");

        await ApiAssert.ChangesWithinAsync(async () => (await session.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the deleted user's session token being refused");
        await ApiAssert.ChangesWithinAsync(async () => (await tokenClient.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the deleted user's API token being refused");
        await ApiAssert.ProblemAsync(await admin.GetAsync($"/api/admin/users/{user.Id}"), HttpStatusCode.NotFound, "not_found", "get deleted user");
        var login = await Silo.CreateClient().PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        await ApiAssert.ProblemAsync(login, HttpStatusCode.Unauthorized, "unauthorized", "deleted user signing in");

        var deleted = await ReadDeletedEventAsync(user.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(user.Username, deleted.GetProperty("username").GetString());

        var again = await admin.PostAsJsonAsync("/api/admin/users", new { username = user.Username, password = TestUsers.NewPassword(), role = "user" });
        await ApiAssert.StatusAsync(again, HttpStatusCode.Created, "re-creating the freed username");
        Assert.NotEqual(user.Id, (await again.Content.ReadFromJsonAsync<TestUsers.UserBody>())!.Id);
    }

    [Fact]
    public async Task CreateUser_NameTakenInAnyCase_ConflictAndNothingCreated()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);

        var response = await admin.PostAsJsonAsync("/api/admin/users", new { username = user.Username.ToUpperInvariant(), password = TestUsers.NewPassword(), role = "user" });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict, "conflict", "duplicate name in upper case");
        var all = await ListAllAsync(admin, 200);
        Assert.Single(all, u => string.Equals(u.Username, user.Username, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ListUsers_KeysetPaging_EveryUserOnceInNameOrder()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var created = new List<TestUsers.TestUser>();
        for (var i = 0; i < 12; i++)
            created.Add(await TestUsers.CreateAsync(admin));

        var all = await ListAllAsync(admin, 5);

        foreach (var user in created)
            Assert.Single(all, u => u.Id == user.Id);
        var names = all.Select(u => u.Username.ToLowerInvariant()).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public async Task SetRole_ToAdmin_UserGainsAdminRightsAtOnce_AndBack()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var session = await user.SignInAsync(Silo);
        await ApiAssert.ProblemAsync(await session.GetAsync("/api/admin/users"), HttpStatusCode.Forbidden, "forbidden", "user listing users");

        var promoted = await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}/role", new { role = "admin" });
        Assert.Equal("admin", (await promoted.Content.ReadFromJsonAsync<TestUsers.UserBody>())!.Role);
        await ApiAssert.ChangesWithinAsync(async () => (await session.GetAsync("/api/admin/users")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(5), "the promoted user's existing session gaining admin rights");

        await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}/role", new { role = "user" });
        await ApiAssert.ChangesWithinAsync(async () => (await session.GetAsync("/api/admin/users")).StatusCode == HttpStatusCode.Forbidden,
            TimeSpan.FromSeconds(5), "the demoted user's session losing admin rights");
    }

    [Fact]
    public async Task ResetPassword_RevokesAllSessions_NewPasswordWorks()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var session = await user.SignInAsync(Silo);
        var newPassword = TestUsers.NewPassword();

        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync($"/api/admin/users/{user.Id}/password", new { newPassword }), HttpStatusCode.NoContent, "reset");

        await ApiAssert.ChangesWithinAsync(async () => (await session.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the old session being refused after a password reset");
        await ApiAssert.ProblemAsync(await Silo.CreateClient().PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password }),
            HttpStatusCode.Unauthorized, "unauthorized", "old password");
        using var fresh = await Silo.SignInAsync(user.Username, newPassword);
        await ApiAssert.StatusAsync(await fresh.GetAsync("/api/me"), HttpStatusCode.OK, "new password");
    }

    [Fact]
    public async Task AdminCannotDeleteOrDemoteThemselves()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var me = (await admin.GetFromJsonAsync<TestUsers.UserBody>("/api/me"))!;

        await ApiAssert.ProblemAsync(await admin.DeleteAsync($"/api/admin/users/{me.Id}"), HttpStatusCode.Conflict, "conflict", "self-delete");
        await ApiAssert.ProblemAsync(await admin.PutAsJsonAsync($"/api/admin/users/{me.Id}/role", new { role = "user" }), HttpStatusCode.Conflict, "conflict", "self-demote");
        Assert.Equal("admin", (await admin.GetFromJsonAsync<TestUsers.UserBody>("/api/me"))!.Role);
    }

    private static async Task<List<TestUsers.UserBody>> ListAllAsync(HttpClient admin, int pageSize)
    {
        var all = new List<TestUsers.UserBody>();
        string? after = null;
        for (var page = 0; page < 1000; page++)
        {
            var url = $"/api/admin/users?limit={pageSize}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
            var body = (await admin.GetFromJsonAsync<PageBody>(url))!;
            Assert.True(body.Items.Count <= pageSize, $"page {page} has {body.Items.Count} items, more than limit {pageSize}");
            all.AddRange(body.Items);
            if (body.Next is null)
                return all;
            after = body.Next;
        }
        Assert.Fail("paging did not end");
        return all;
    }

    private async Task<JsonElement> ReadDeletedEventAsync(Guid userId, TimeSpan within)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = Silo.NatsUrl });
        var js = new NatsJSContext(nats);
        using var timeout = new CancellationTokenSource(within);
        try
        {
            var consumer = await js.CreateOrderedConsumerAsync("EDD", new NatsJSOrderedConsumerOpts { FilterSubjects = ["edd.users.deleted"] }, timeout.Token);
            await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: timeout.Token))
            {
                var json = JsonDocument.Parse(message.Data!).RootElement.Clone();
                if (json.GetProperty("userId").GetGuid() == userId)
                    return json;
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below with what was awaited.
        }
        Assert.Fail($"no edd.users.deleted event for {userId} on JetStream within {within.TotalSeconds} s");
        return default;
    }

    private sealed record PageBody(List<TestUsers.UserBody> Items, string? Next);
    private sealed record CreatedTokenBody(string Token);
}
