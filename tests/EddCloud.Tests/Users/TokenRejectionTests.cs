using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using EddCloud.Tests.SingleNode;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EddCloud.Tests.Users;

/// <summary>Every kind of bad credential is refused with 401 (or 403 for a real token beyond its rights) and changes nothing.</summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class TokenRejectionTests(SiloFixture fixture)
{
    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task ForgedSessionTokens_AllRefusedWith401()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        var login = await Silo.CreateClient().PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        var real = (await login.Content.ReadFromJsonAsync<TokenBody>())!;
        var (keyId, siloKey) = ReadSiloSigningKey();

        var parts = real.Token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var tamperedPayload = Base64UrlEncoder.Encode(payload.Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var forgeries = new Dictionary<string, string>
        {
            ["garbage"] = "not-a-token",
            ["tampered payload (role raised)"] = $"{parts[0]}.{tamperedPayload}.{parts[2]}",
            ["signature cut off"] = $"{parts[0]}.{parts[1]}.",
            ["alg none"] = $"{Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.",
            ["signed with another key under the silo's key id"] = Mint(otherKey, keyId, user.Id, real.SessionId, DateTime.UtcNow.AddHours(1)),
            ["expired, signed with the real key"] = Mint(siloKey, keyId, user.Id, real.SessionId, DateTime.UtcNow.AddMinutes(-10)),
            ["real key, a session that was never opened"] = Mint(siloKey, keyId, user.Id, Guid.NewGuid(), DateTime.UtcNow.AddHours(1)),
            ["HS256 with the public key as secret"] = MintHs256(keyId, user.Id, real.SessionId),
            ["API-token shaped garbage"] = "edd_pat_" + new string('a', 32) + "_" + new string('b', 32) + "_" + new string('c', 64),
        };

        using var client = Silo.CreateClient();
        foreach (var (name, token) in forgeries)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await ApiAssert.ProblemAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized, "unauthorized", name);
        }

        // The control: the real key, the real session, still valid, is accepted, so the refusals above are about the forgery.
        using var control = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        control.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Mint(siloKey, keyId, user.Id, real.SessionId, DateTime.UtcNow.AddHours(1)));
        await ApiAssert.StatusAsync(await client.SendAsync(control), HttpStatusCode.OK, "well-formed token with the silo's key");
    }

    [Fact]
    public async Task RevokedSession_RefusedWithinSeconds()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var victim = await user.SignInAsync(Silo);
        using var other = await user.SignInAsync(Silo);
        var sessions = await other.GetFromJsonAsync<ItemsBody<SessionBody>>("/api/me/sessions");
        Assert.Equal(2, sessions!.Items.Count);
        var victimSession = sessions.Items.Single(s => !s.Current);

        await ApiAssert.StatusAsync(await other.DeleteAsync($"/api/me/sessions/{victimSession.Id}"), HttpStatusCode.NoContent, "revoke");

        await ApiAssert.ChangesWithinAsync(async () => (await victim.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the revoked session being refused");
        await ApiAssert.StatusAsync(await other.GetAsync("/api/me"), HttpStatusCode.OK, "the revoking session still works");
    }

    [Fact]
    public async Task AdminRevokesUserSession_RefusedWithinSeconds()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var client = await user.SignInAsync(Silo);
        var sessions = await admin.GetFromJsonAsync<ItemsBody<SessionBody>>($"/api/admin/users/{user.Id}/sessions");

        await ApiAssert.StatusAsync(await admin.DeleteAsync($"/api/admin/users/{user.Id}/sessions/{Assert.Single(sessions!.Items).Id}"), HttpStatusCode.NoContent, "admin revoke");

        await ApiAssert.ChangesWithinAsync(async () => (await client.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the session revoked by an admin being refused");
    }

    [Fact]
    public async Task ApiToken_BeyondItsScopes_Forbidden_AndCannotMintOrManage()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var created = await admin.PostAsJsonAsync("/api/me/tokens", new { name = "read only", scopes = new[] { "account:read" }, expiresInDays = 1 });
        var token = (await created.Content.ReadFromJsonAsync<CreatedTokenBody>())!.Token;
        using var client = Silo.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await ApiAssert.StatusAsync(await client.GetAsync("/api/me"), HttpStatusCode.OK, "within scope");
        await ApiAssert.ProblemAsync(await client.GetAsync("/api/admin/users"), HttpStatusCode.Forbidden, "forbidden", "admin read without admin:read, owner is admin");
        await ApiAssert.ProblemAsync(await client.PostAsJsonAsync("/api/me/tokens", new { name = "escalate", scopes = new[] { "admin:write" } }),
            HttpStatusCode.Forbidden, "forbidden", "token minting a token");
        await ApiAssert.ProblemAsync(await client.GetAsync("/api/me/tokens"), HttpStatusCode.Forbidden, "forbidden", "token listing tokens");
        await ApiAssert.ProblemAsync(await client.PostAsJsonAsync("/api/me/password", new { currentPassword = SiloProcess.AdminPassword, newPassword = "another-password-9" }),
            HttpStatusCode.Forbidden, "forbidden", "token changing the password");
        await ApiAssert.ProblemAsync(await client.GetAsync("/api/me/sessions"), HttpStatusCode.Forbidden, "forbidden", "token listing sessions");
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/auth/logout", null), HttpStatusCode.Forbidden, "forbidden", "token logging out");

        var tokens = await admin.GetFromJsonAsync<ItemsBody<TokenInfoBody>>("/api/me/tokens");
        Assert.Equal(["account:read"], tokens!.Items.Single(t => t.Name == "read only").Scopes);
        Assert.DoesNotContain(tokens.Items, t => t.Name == "escalate");
    }

    [Fact]
    public async Task ApiToken_Deleted_RefusedWithinSeconds()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var session = await user.SignInAsync(Silo);
        var created = (await (await session.PostAsJsonAsync("/api/me/tokens", new { name = "ci", scopes = new[] { "account:read" } }))
            .Content.ReadFromJsonAsync<CreatedTokenBody>())!;
        using var client = Silo.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
        await ApiAssert.StatusAsync(await client.GetAsync("/api/me"), HttpStatusCode.OK, "token before deletion");

        await ApiAssert.StatusAsync(await session.DeleteAsync($"/api/me/tokens/{created.Info.Id}"), HttpStatusCode.NoContent, "delete token");

        await ApiAssert.ChangesWithinAsync(async () => (await client.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the deleted API token being refused");
    }

    [Fact]
    public async Task ApiToken_WithOneCharacterChanged_Refused()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var session = await user.SignInAsync(Silo);
        var token = (await (await session.PostAsJsonAsync("/api/me/tokens", new { name = "ci", scopes = new[] { "account:read" } }))
            .Content.ReadFromJsonAsync<CreatedTokenBody>())!.Token;
        var flipped = token[..^1] + (token[^1] == '0' ? '1' : '0');
        using var client = Silo.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", flipped);

        await ApiAssert.ProblemAsync(await client.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthorized", "API token with a changed secret");
    }

    [Fact]
    public async Task UserApiToken_AskingForAdminScope_Forbidden()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        using var session = await user.SignInAsync(Silo);

        var response = await session.PostAsJsonAsync("/api/me/tokens", new { name = "sneaky", scopes = new[] { "admin:read" } });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden", "a user asking for admin:read");
        Assert.Empty((await session.GetFromJsonAsync<ItemsBody<TokenInfoBody>>("/api/me/tokens"))!.Items);
    }

    private (string KeyId, ECDsa Key) ReadSiloSigningKey()
    {
        var file = Directory.GetFiles(Path.Combine(Silo.DataDirectory, "keys"), "jwt-*.pem").Single();
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(file));
        var name = Path.GetFileName(file);
        return (name["jwt-".Length..^".pem".Length], key);
    }

    private static string Mint(ECDsa key, string keyId, Guid userId, Guid sessionId, DateTime expires) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "eddcloud",
            Audience = "eddcloud",
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256),
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["sid"] = sessionId.ToString(), ["name"] = "x", ["role"] = "admin" },
        });

    private static string MintHs256(string keyId, Guid userId, Guid sessionId) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "eddcloud",
            Audience = "eddcloud",
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(keyId.PadRight(64, 'x'))) { KeyId = keyId }, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["sid"] = sessionId.ToString() },
        });

    private sealed record TokenBody(string Token, Guid SessionId);
    private sealed record SessionBody(Guid Id, bool Current);
    private sealed record CreatedTokenBody(string Token, TokenInfoBody Info);
    private sealed record TokenInfoBody(Guid Id, string Name, List<string> Scopes);
    private sealed record ItemsBody<T>(List<T> Items);
}
