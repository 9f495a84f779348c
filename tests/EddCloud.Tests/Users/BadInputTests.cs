using System.Net;
using System.Net.Http.Json;
using System.Text;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Users;

/// <summary>Bad input gets a problem document that says what to fix, and changes nothing.</summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class BadInputTests(SiloFixture fixture)
{
    private SiloProcess Silo => fixture.Silo;

    public static TheoryData<string, string, string> InvalidUsers => new()
    {
        { "ab", "pw-valid-password-1", "3 to 32" },
        { new string('a', 33), "pw-valid-password-1", "3 to 32" },
        { "1abc", "pw-valid-password-1", "start with a letter" },
        { "bad name", "pw-valid-password-1", "letters" },
        { "bad.name", "pw-valid-password-1", "letters" },
        { "../etc", "pw-valid-password-1", "start with a letter" },
        { "root", "pw-valid-password-1", "reserved" },
        { "user\u00e9name", "pw-valid-password-1", "letters" },
        { "validname-x", "short", "at least 10" },
        { "validname-y", "aaaaaaaaaaaa", "repeated" },
        { "validname-z", "my-validname-z-pass", "username" },
        { "validname-w", new string('x', 200) + "yz" + new string('q', 60), "at most 256" },
    };

    [Theory]
    [MemberData(nameof(InvalidUsers))]
    public async Task CreateUser_InvalidNameOrPassword_400WithHint_NoUserCreated(string username, string password, string hint)
    {
        using var admin = await Silo.SignInAsAdminAsync();

        var response = await admin.PostAsJsonAsync("/api/admin/users", new { username, password, role = "user" });

        var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "validation", $"create {username}");
        Assert.Contains(hint, detail, StringComparison.OrdinalIgnoreCase);
        // Nothing was claimed: a valid user with the same name (when the name is valid) can still be created.
        if (hint is "at least 10" or "repeated" or "username" or "at most 256")
            await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/admin/users", new { username, password = TestUsers.NewPassword(), role = "user" }),
                HttpStatusCode.Created, $"create {username} with a good password after the refusal");
    }

    [Fact]
    public async Task CreateUser_UnknownRole_400()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var username = TestUsers.NewUsername();

        var response = await admin.PostAsJsonAsync("/api/admin/users", new { username, password = TestUsers.NewPassword(), role = "superuser" });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "validation", "unknown role");
        await ApiAssert.ProblemAsync(await Silo.CreateClient().PostAsJsonAsync("/api/auth/token", new { username, password = "whatever-pass" }),
            HttpStatusCode.Unauthorized, "unauthorized", "the refused user does not exist");
    }

    [Theory]
    [InlineData("{\"username\":", "not valid JSON")]
    [InlineData("[1,2,3]", "not valid JSON")]
    [InlineData("{\"username\": 12, \"password\": true}", "not valid JSON")]
    public async Task Login_MalformedJson_400ProblemNotServerError(string body, string hint)
    {
        using var client = Silo.CreateClient();

        var response = await client.PostAsync("/api/auth/token", new StringContent(body, Encoding.UTF8, "application/json"));

        var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "validation", body);
        Assert.Contains(hint, detail, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Numbers are JSON numbers, as docs/openapi.json says: a quota written as a string is refused and changes nothing.</summary>
    [Fact]
    public async Task NumberSentAsAString_400_QuotaUnchanged()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var (_, user) = await Storage.StorageApi.NewUserAsync(Silo, admin);
        var before = await admin.GetStringAsync($"/api/admin/users/{user.Id}/storage");

        var response = await admin.PutAsync($"/api/admin/users/{user.Id}/storage",
            new StringContent("{\"maxBytes\": \"1048576\", \"maxNamespaces\": 3}", Encoding.UTF8, "application/json"));

        var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "validation", "maxBytes as a string");
        Assert.Contains("not valid JSON", detail, StringComparison.Ordinal);
        Assert.Equal(before, await admin.GetStringAsync($"/api/admin/users/{user.Id}/storage"));
    }

    [Fact]
    public async Task Login_MissingFields_400NamesTheField()
    {
        using var client = Silo.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "someone" });

        var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "validation", "no password");
        Assert.Contains("Password", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_OversizedJson_413_NoUserCreated()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var username = TestUsers.NewUsername();
        var body = $"{{\"username\":\"{username}\",\"password\":\"pw-valid-password-1\",\"role\":\"user\",\"padding\":\"{new string('x', 2 * 1024 * 1024)}\"}}";

        // The silo answers 413 from the declared length and closes the connection; a client that is still
        // pushing 2 MiB then gets a broken pipe instead of the answer. Asking first (100-continue), as
        // careful clients do for large bodies, makes the refusal arrive before any of the body is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/users")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        var response = await admin.SendAsync(request);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "2 MiB body");
        await ApiAssert.ProblemAsync(await Silo.CreateClient().PostAsJsonAsync("/api/auth/token", new { username, password = "pw-valid-password-1" }),
            HttpStatusCode.Unauthorized, "unauthorized", "the oversized request created no user");
    }

    [Fact]
    public async Task Login_WrongContentType_415()
    {
        using var client = Silo.CreateClient();

        var response = await client.PostAsync("/api/auth/token", new StringContent("username=admin&password=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", "form body");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(100000)]
    public async Task CreateToken_ExpiryOutOfRange_400_NoToken(int days)
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var session = await user.SignInAsync(Silo);

        var response = await session.PostAsJsonAsync("/api/me/tokens", new { name = "x", scopes = new[] { "account:read" }, expiresInDays = days });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "validation", $"expiresInDays={days}");
        Assert.Empty((await session.GetFromJsonAsync<ItemsBody>("/api/me/tokens"))!.Items);
    }

    [Theory]
    [InlineData("files:everything")]
    [InlineData("")]
    public async Task CreateToken_UnknownScope_400_NoToken(string scope)
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var session = await user.SignInAsync(Silo);

        var response = await session.PostAsJsonAsync("/api/me/tokens", new { name = "x", scopes = new[] { scope } });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "validation", $"scope '{scope}'");
        Assert.Empty((await session.GetFromJsonAsync<ItemsBody>("/api/me/tokens"))!.Items);
    }

    [Fact]
    public async Task ListUsers_LimitOutOfRange_400()
    {
        using var admin = await Silo.SignInAsAdminAsync();

        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/admin/users?limit=0"), HttpStatusCode.BadRequest, "validation", "limit=0");
        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/admin/users?limit=100000"), HttpStatusCode.BadRequest, "validation", "limit=100000");
    }

    [Fact]
    public async Task UnknownIdsAndRoutes_404Problem()
    {
        using var admin = await Silo.SignInAsAdminAsync();

        await ApiAssert.ProblemAsync(await admin.GetAsync($"/api/admin/users/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found", "unknown user");
        await ApiAssert.ProblemAsync(await admin.DeleteAsync($"/api/admin/users/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found", "delete unknown user");
        await ApiAssert.ProblemAsync(await admin.DeleteAsync($"/api/me/sessions/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found", "revoke unknown session");
        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/admin/users/not-a-guid"), HttpStatusCode.NotFound, "not_found", "malformed id");
        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound, "not_found", "unknown route");
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_400_OldPasswordStillWorks()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var session = await user.SignInAsync(Silo);

        var response = await session.PostAsJsonAsync("/api/me/password", new { currentPassword = "wrong-password-1", newPassword = TestUsers.NewPassword() });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "validation", "wrong current password");
        using var again = await user.SignInAsync(Silo);
        await ApiAssert.StatusAsync(await session.GetAsync("/api/me"), HttpStatusCode.OK, "the session survives a refused change");
    }

    private sealed record ItemsBody(List<object> Items);
}
