using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.SingleNode;

/// <summary>
/// Durability of the single-node cloud, with real SIGKILLs: every acknowledged change survives,
/// in numbered steps (write, kill, restart, check each item, write more, kill again, check again).
/// </summary>
[IntegrationTest]
public sealed class RestartTests
{
    [Fact]
    public async Task KillNine_TwiceWithWritesBetween_EveryAcknowledgedChangeSurvives()
    {
        await using var silo = await SiloProcess.StartAsync();

        // 1. Acknowledged writes: two users, a session and an API token of the first.
        var admin = await silo.SignInAsAdminAsync();
        var alice = await TestUsers.CreateAsync(admin);
        var bob = await TestUsers.CreateAsync(admin);
        var aliceSession = await alice.SignInAsync(silo);
        var created = await aliceSession.PostAsJsonAsync("/api/me/tokens", new { name = "nightly", scopes = new[] { "account:read" }, expiresInDays = 5 });
        await ApiAssert.StatusAsync(created, HttpStatusCode.Created, "step 1: create API token");
        var apiToken = (await created.Content.ReadFromJsonAsync<CreatedToken>())!.Token;
        var aliceBearer = aliceSession.DefaultRequestHeaders.Authorization!.Parameter!;

        // 2. Crash.
        await silo.KillAsync();
        await silo.StartAsync();

        // 3. Each item, with its own message.
        await ApiAssert.StatusAsync(await BearerGetMeAsync(silo, aliceBearer), HttpStatusCode.OK, "step 3: alice's session token after kill -9");
        await ApiAssert.StatusAsync(await BearerGetMeAsync(silo, apiToken), HttpStatusCode.OK, "step 3: alice's API token after kill -9");
        using (var bobSession = await bob.SignInAsync(silo))
            await ApiAssert.StatusAsync(await bobSession.GetAsync("/api/me"), HttpStatusCode.OK, "step 3: bob signs in after kill -9");
        admin = await silo.SignInAsAdminAsync();
        var listed = await admin.GetStringAsync("/api/admin/users?limit=200");
        Assert.True(listed.Contains(alice.Username, StringComparison.Ordinal), "step 3: alice is listed after kill -9");
        Assert.True(listed.Contains(bob.Username, StringComparison.Ordinal), "step 3: bob is listed after kill -9");

        // 4. More acknowledged writes: bob deleted, alice promoted, alice's password changed.
        await ApiAssert.StatusAsync(await admin.DeleteAsync($"/api/admin/users/{bob.Id}"), HttpStatusCode.NoContent, "step 4: delete bob");
        await ApiAssert.StatusAsync(await admin.PutAsJsonAsync($"/api/admin/users/{alice.Id}/role", new { role = "admin" }), HttpStatusCode.OK, "step 4: promote alice");
        var newPassword = TestUsers.NewPassword();
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync($"/api/admin/users/{alice.Id}/password", new { newPassword }), HttpStatusCode.NoContent, "step 4: reset alice's password");

        // 5. Crash again.
        await silo.KillAsync();
        await silo.StartAsync();

        // 6. Each change held.
        await ApiAssert.ProblemAsync(await silo.CreateClient().PostAsJsonAsync("/api/auth/token", new { username = bob.Username, password = bob.Password }),
            HttpStatusCode.Unauthorized, "unauthorized", "step 6: deleted bob cannot sign in");
        await ApiAssert.StatusAsync(await BearerGetMeAsync(silo, aliceBearer), HttpStatusCode.Unauthorized, "step 6: alice's session revoked by the reset stays revoked");
        using var aliceAgain = await silo.SignInAsync(alice.Username, newPassword);
        Assert.Equal("admin", (await aliceAgain.GetFromJsonAsync<TestUsers.UserBody>("/api/me"))!.Role);
        admin = await silo.SignInAsAdminAsync();
        var recreated = await admin.PostAsJsonAsync("/api/admin/users", new { username = bob.Username, password = TestUsers.NewPassword(), role = "user" });
        await ApiAssert.StatusAsync(recreated, HttpStatusCode.Created, "step 6: bob's name was freed durably");
    }

    [Fact]
    public async Task FirstStart_WithoutAdminPassword_PrintsGeneratedPasswordOnce()
    {
        await using var silo = await SiloProcess.StartAsync(withAdminPassword: false);
        var password = ExtractPrintedPassword(silo.Output);
        Assert.NotNull(password);
        using (var admin = await silo.SignInAsync(SiloProcess.AdminUsername, password!))
            await ApiAssert.StatusAsync(await admin.GetAsync("/api/me"), HttpStatusCode.OK, "sign in with the printed password");

        await silo.StopAsync();
        var firstRunOutput = silo.Output.Length;
        await silo.StartAsync();

        Assert.Null(ExtractPrintedPassword(silo.Output[firstRunOutput..]));
        using var again = await silo.SignInAsync(SiloProcess.AdminUsername, password!);
        await ApiAssert.StatusAsync(await again.GetAsync("/api/me"), HttpStatusCode.OK, "the admin survives a graceful restart");
    }

    private static string? ExtractPrintedPassword(string output) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("password: ", StringComparison.Ordinal))?["password: ".Length..];

    private static async Task<HttpResponseMessage> BearerGetMeAsync(SiloProcess silo, string token)
    {
        using var client = silo.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private sealed record CreatedToken(string Token);
}
