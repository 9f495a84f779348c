using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EddCloud.Tests.Users;

/// <summary>Which caller a cell uses: the class-wide one, or one made for the cell because the call consumes or changes it.</summary>
public enum CallerFreshness
{
    Shared,
    /// <summary>A new session/token of the same owner (logout ends the caller's own session).</summary>
    FreshCredential,
    /// <summary>A new user with a new credential (a password change touches the whole account).</summary>
    FreshPrincipal,
}

/// <summary>What one cell sends, and how it proves the effect happened (allowed) or that nothing changed (refused).</summary>
public sealed record MatrixPlan(HttpRequestMessage Request, Func<HttpResponseMessage, Task> Succeeded, Func<Task> Unchanged);

/// <summary>One row of docs/api.md: its rule (policy, success status) and how to arrange a cell of it.</summary>
public sealed record MatrixEndpoint(
    string Method, string Path, AccessPolicy Policy, HttpStatusCode Success, CallerFreshness Freshness, Func<MatrixCell, Task<MatrixPlan>> Arrange)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>The caller and the helpers one cell works with.</summary>
public sealed class MatrixCell(AccessMatrixPrincipals principals, MatrixCredential caller, string name)
{
    // The product's bound: sessions are cached 2 s per silo. ApiAssert.ChangesWithinAsync measures it by when the last
    // accepted request was sent, so a loaded machine answering slowly does not count against it.
    private static readonly TimeSpan RevocationDelay = TimeSpan.FromSeconds(5);

    public AccessMatrixPrincipals Principals { get; } = principals;

    public MatrixCredential Caller { get; } = caller;

    public string Name { get; } = name;

    public MatrixOwner Owner => Caller.Owner;

    public async Task AssertWorksAsync(string bearer, string what)
    {
        using var response = await Principals.GetAsync("/api/me", bearer);
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, $"{Name}: {what} should still work");
    }

    public Task EventuallyRefusedAsync(string bearer, string what) => ApiAssert.ChangesWithinAsync(async () =>
    {
        using var response = await Principals.GetAsync("/api/me", bearer);
        return response.StatusCode == HttpStatusCode.Unauthorized;
    }, RevocationDelay, $"{Name}: {what} being refused with 401");

    /// <summary>The caller's credential is still accepted (200, or 403 for a token without account:read, but never 401).</summary>
    public async Task AssertCallerStillSignedInAsync(string what)
    {
        if (Caller.Kind.Credential == MatrixCredentialKind.None)
            return;
        var status = await Principals.StatusAsync("/api/me", Caller);
        Assert.True(status != HttpStatusCode.Unauthorized, $"{Name}: {what} ({Caller.Kind.Name}) was signed out: GET /api/me answered {(int)status}");
        if (Caller.Kind.IsSession)
            Assert.Equal(HttpStatusCode.OK, status);
    }

    public Task AssertCallerSignedOutAsync(string what) => ApiAssert.ChangesWithinAsync(
        async () => await Principals.StatusAsync("/api/me", Caller) == HttpStatusCode.Unauthorized,
        RevocationDelay, $"{Name}: {what} being refused with 401");

    public async Task AssertSignInAsync(TestUsers.TestUser user, string password, HttpStatusCode expected, string what) =>
        Assert.True(expected == await Principals.SignInStatusAsync(user.Username, password), $"{Name}: signing in {user.Username} with {what} should answer {(int)expected}");

    /// <summary>The user as the silo's own admin sees it; null when it answers 404.</summary>
    public async Task<TestUsers.UserBody?> AdminGetUserAsync(Guid id)
    {
        using var response = await Principals.BootstrapAdmin.GetAsync($"/api/admin/users/{id}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, $"{Name}: reading user {id} as the bootstrap admin");
        return await response.Content.ReadFromJsonAsync<TestUsers.UserBody>();
    }

    /// <summary>The user with exactly this name, by keyset paging from just before it.</summary>
    public async Task<TestUsers.UserBody?> AdminFindByNameAsync(string username)
    {
        var page = await Principals.BootstrapAdmin.GetFromJsonAsync<PageBody>(ListPathFor(username));
        return page!.Items.SingleOrDefault(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A one-item page that starts at <paramref name="username"/>: every name between its prefix and it starts with the prefix.</summary>
    public static string ListPathFor(string username) =>
        $"/api/admin/users?after={Uri.EscapeDataString(username.ToLowerInvariant()[..^1])}&limit=1";

    public async Task<List<AccessMatrixPrincipals.TokenInfoBody>> OwnerTokensAsync()
    {
        using var response = await Principals.GetAsync("/api/me/tokens", Owner.ArrangerToken!);
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, $"{Name}: listing the owner's tokens");
        return (await response.Content.ReadFromJsonAsync<ItemsBody<AccessMatrixPrincipals.TokenInfoBody>>())!.Items;
    }

    public sealed record ItemsBody<T>(List<T> Items);
    public sealed record PageBody(List<TestUsers.UserBody> Items, string? Next);
    public sealed record SessionBody(Guid Id, bool Current);
}

/// <summary>The endpoints of docs/api.md with their required policy, as the contract states them.</summary>
public static partial class AccessMatrixScenarios
{
    private static readonly byte[] FileBytes = "matrix file contents"u8.ToArray();

    public static IReadOnlyList<MatrixEndpoint> Endpoints { get; } =
    [
        // Anonymous by design: everyone gets the answer.
        new("GET", "/api/auth/jwks", AccessPolicy.Public, HttpStatusCode.OK, CallerFreshness.Shared, _ => Plan(Get("/api/auth/jwks"), async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.NotEmpty(json.RootElement.GetProperty("keys").EnumerateArray());
        })),
        new("GET", "/healthz", AccessPolicy.Public, HttpStatusCode.OK, CallerFreshness.Shared, _ => Plan(Get("/healthz"), _ => Task.CompletedTask)),
        new("GET", "/readyz", AccessPolicy.Public, HttpStatusCode.OK, CallerFreshness.Shared, _ => Plan(Get("/readyz"), _ => Task.CompletedTask)),
        new("GET", "/api/openapi.json", AccessPolicy.Public, HttpStatusCode.OK, CallerFreshness.Shared, _ => Plan(Get("/api/openapi.json"), async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(json.RootElement.GetProperty("paths").TryGetProperty("/api/me", out JsonElement _), "the OpenAPI document lists /api/me");
        })),

        // Auth and the caller's own account.
        new("POST", "/api/auth/logout", AccessPolicy.SessionOnly, HttpStatusCode.NoContent, CallerFreshness.FreshCredential, cell => Plan(
            Send(HttpMethod.Post, "/api/auth/logout"),
            _ => cell.AssertCallerSignedOutAsync("the logged-out session"),
            () => cell.AssertCallerStillSignedInAsync("the caller"))),
        new("GET", "/api/me", AccessPolicy.AccountRead, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(Get("/api/me"), async response =>
        {
            var me = (await response.Content.ReadFromJsonAsync<TestUsers.UserBody>())!;
            Assert.Equal((cell.Owner.User.Id, cell.Owner.User.Username, cell.Owner.Role), (me.Id, me.Username, me.Role));
        })),
        new("POST", "/api/me/password", AccessPolicy.SessionOnly, HttpStatusCode.NoContent, CallerFreshness.FreshPrincipal, async cell =>
        {
            var user = cell.Owner.User;
            var newPassword = TestUsers.NewPassword();
            // Only an allowed caller can revoke another session, so only those cells pay for one (argon2 is the cost here).
            var other = cell.Caller.Kind.Allows(AccessPolicy.SessionOnly) ? (await cell.Principals.SignInAsync(user)).Token : null;
            return new MatrixPlan(
                Send(HttpMethod.Post, "/api/me/password", new { currentPassword = user.Password, newPassword }),
                async _ =>
                {
                    await cell.EventuallyRefusedAsync(other!, "the user's other session");
                    await cell.AssertCallerStillSignedInAsync("the session that changed the password");
                    await cell.AssertSignInAsync(user, newPassword, HttpStatusCode.OK, "the new password");
                    await cell.AssertSignInAsync(user, user.Password, HttpStatusCode.Unauthorized, "the old password");
                },
                async () =>
                {
                    await cell.AssertSignInAsync(user, user.Password, HttpStatusCode.OK, "the old password");
                    await cell.AssertCallerStillSignedInAsync("the caller");
                });
        }),
        new("GET", "/api/me/sessions", AccessPolicy.SessionOnly, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(Get("/api/me/sessions"), async response =>
        {
            var sessions = (await response.Content.ReadFromJsonAsync<MatrixCell.ItemsBody<MatrixCell.SessionBody>>())!.Items;
            var current = Assert.Single(sessions, s => s.Current);
            Assert.Equal(cell.Caller.SessionId, current.Id);
        })),
        new("DELETE", "/api/me/sessions/{id}", AccessPolicy.SessionOnly, HttpStatusCode.NoContent, CallerFreshness.Shared, async cell =>
        {
            var victim = await cell.Principals.SignInAsync(cell.Owner.User);
            return new MatrixPlan(
                Send(HttpMethod.Delete, $"/api/me/sessions/{victim.SessionId}"),
                async _ =>
                {
                    await cell.EventuallyRefusedAsync(victim.Token, "the revoked session");
                    await cell.AssertCallerStillSignedInAsync("the caller");
                },
                () => cell.AssertWorksAsync(victim.Token, "the victim session"));
        }),
        new("GET", "/api/me/tokens", AccessPolicy.SessionOnly, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(Get("/api/me/tokens"), async response =>
        {
            var body = await response.Content.ReadAsStringAsync();
            var tokens = JsonSerializer.Deserialize<MatrixCell.ItemsBody<AccessMatrixPrincipals.TokenInfoBody>>(body, JsonSerializerOptions.Web)!.Items;
            Assert.Contains(tokens, t => t.Id == cell.Owner.KnownTokenId);
            Assert.DoesNotContain(cell.Owner.KnownToken!.Split('_')[^1], body, StringComparison.Ordinal);
        })),
        new("POST", "/api/me/tokens", AccessPolicy.SessionOnly, HttpStatusCode.Created, CallerFreshness.Shared, cell =>
        {
            var name = "matrix cell " + Guid.NewGuid().ToString("N");
            return Plan(
                Send(HttpMethod.Post, "/api/me/tokens", new { name, scopes = new[] { "account:read" }, expiresInDays = 1 }),
                async response =>
                {
                    var created = (await response.Content.ReadFromJsonAsync<AccessMatrixPrincipals.CreatedTokenBody>())!;
                    using var me = await cell.Principals.GetAsync("/api/me", created.Token);
                    await ApiAssert.StatusAsync(me, HttpStatusCode.OK, "the new token");
                    Assert.Equal(cell.Owner.User.Id, (await me.Content.ReadFromJsonAsync<TestUsers.UserBody>())!.Id);
                    Assert.Contains(await cell.OwnerTokensAsync(), t => t.Name == name);
                },
                async () => Assert.DoesNotContain(await cell.OwnerTokensAsync(), t => t.Name == name));
        }),
        new("DELETE", "/api/me/tokens/{id}", AccessPolicy.SessionOnly, HttpStatusCode.NoContent, CallerFreshness.Shared, async cell =>
        {
            var victim = await cell.Principals.CreateTokenAsync(cell.Owner, "matrix victim " + Guid.NewGuid().ToString("N"), ["account:read"]);
            return new MatrixPlan(
                Send(HttpMethod.Delete, $"/api/me/tokens/{victim.Id}"),
                async _ =>
                {
                    await cell.EventuallyRefusedAsync(victim.Token, "the deleted token");
                    Assert.DoesNotContain(await cell.OwnerTokensAsync(), t => t.Id == victim.Id);
                },
                async () =>
                {
                    await cell.AssertWorksAsync(victim.Token, "the victim token");
                    Assert.Contains(await cell.OwnerTokensAsync(), t => t.Id == victim.Id);
                });
        }),

        new("GET", "/api/me/storage", AccessPolicy.FilesRead, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(Get("/api/me/storage"), async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(json.RootElement.GetProperty("maxBytes").GetInt64() > 0, "the caller's quota");
            Assert.True(json.RootElement.GetProperty("usedBytes").GetInt64() >= 0, "the caller's usage");
        })),

        new("GET", "/api/me/compute", AccessPolicy.ContainersRead, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(Get("/api/me/compute"), async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(json.RootElement.GetProperty("maxContainers").GetInt32() > 0, "the caller's container quota");
            Assert.True(json.RootElement.GetProperty("containers").GetInt32() >= 0, "the caller's containers");
        })),

        new("GET", "/api/me/ssh-keys", AccessPolicy.AccountRead, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var known = await AddSshKeyAsync(cell);
            return await Plan(Get("/api/me/ssh-keys"), async response =>
                Assert.Contains(known.Fingerprint, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal));
        }),
        new("GET", "/api/ssh/gateway", AccessPolicy.AccountRead, HttpStatusCode.OK, CallerFreshness.Shared, _ => Plan(Get("/api/ssh/gateway"), async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("hostKeys").ValueKind);
        })),
        new("POST", "/api/me/ssh-keys", AccessPolicy.SessionOnly, HttpStatusCode.Created, CallerFreshness.Shared, cell =>
        {
            var (line, fingerprint) = NewSshKey();
            return Plan(
                Send(HttpMethod.Post, "/api/me/ssh-keys", new { name = "matrix", publicKey = line }),
                async _ => Assert.Contains(await OwnerSshKeysAsync(cell), k => k.Fingerprint == fingerprint),
                async () => Assert.DoesNotContain(await OwnerSshKeysAsync(cell), k => k.Fingerprint == fingerprint));
        }),
        new("PATCH", "/api/me/ssh-keys/{id}", AccessPolicy.SessionOnly, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var victim = await AddSshKeyAsync(cell);
            return new MatrixPlan(
                Send(HttpMethod.Patch, $"/api/me/ssh-keys/{victim.Id}", new { name = "renamed by the matrix" }),
                async _ => Assert.Equal("renamed by the matrix", (await OwnerSshKeysAsync(cell)).Single(k => k.Id == victim.Id).Name),
                async () => Assert.Equal(victim.Name, (await OwnerSshKeysAsync(cell)).Single(k => k.Id == victim.Id).Name));
        }),
        new("DELETE", "/api/me/ssh-keys/{id}", AccessPolicy.SessionOnly, HttpStatusCode.NoContent, CallerFreshness.Shared, async cell =>
        {
            var victim = await AddSshKeyAsync(cell);
            return new MatrixPlan(
                Send(HttpMethod.Delete, $"/api/me/ssh-keys/{victim.Id}"),
                async _ => Assert.DoesNotContain(await OwnerSshKeysAsync(cell), k => k.Id == victim.Id),
                async () => Assert.Contains(await OwnerSshKeysAsync(cell), k => k.Id == victim.Id));
        }),

        // Administration.
        new("GET", "/api/admin/users/{id}/storage", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(
            Get($"/api/admin/users/{cell.Principals.ReadTarget.Id}/storage"), async response =>
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.True(json.RootElement.GetProperty("maxNamespaces").GetInt32() > 0, "the target's namespace quota");
            })),
        new("PUT", "/api/admin/users/{id}/storage", AccessPolicy.AdminWrite, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var victim = await TestUsers.CreateAsync(cell.Principals.BootstrapAdmin);
            async Task<int> MaxNamespacesAsync()
            {
                using var json = JsonDocument.Parse(await cell.Principals.BootstrapAdmin.GetStringAsync($"/api/admin/users/{victim.Id}/storage"));
                return json.RootElement.GetProperty("maxNamespaces").GetInt32();
            }
            var before = await MaxNamespacesAsync();
            return new MatrixPlan(
                Send(HttpMethod.Put, $"/api/admin/users/{victim.Id}/storage", new { maxBytes = (long?)null, maxNamespaces = before + 7 }),
                async _ => Assert.Equal(before + 7, await MaxNamespacesAsync()),
                async () => Assert.Equal(before, await MaxNamespacesAsync()));
        }),
        new("GET", "/api/admin/compute/nodes", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(
            Get("/api/admin/compute/nodes"), async response =>
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("items").ValueKind);
            })),
        new("GET", "/api/admin/users/{id}/compute", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(
            Get($"/api/admin/users/{cell.Principals.ReadTarget.Id}/compute"), async response =>
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.True(json.RootElement.GetProperty("maxContainers").GetInt32() > 0, "the target's container quota");
            })),
        new("PUT", "/api/admin/users/{id}/compute", AccessPolicy.AdminWrite, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var victim = await TestUsers.CreateAsync(cell.Principals.BootstrapAdmin);
            async Task<int> MaxContainersAsync()
            {
                using var json = JsonDocument.Parse(await cell.Principals.BootstrapAdmin.GetStringAsync($"/api/admin/users/{victim.Id}/compute"));
                return json.RootElement.GetProperty("maxContainers").GetInt32();
            }
            var before = await MaxContainersAsync();
            return new MatrixPlan(
                Send(HttpMethod.Put, $"/api/admin/users/{victim.Id}/compute", new { maxContainers = before + 3, maxCpus = (decimal?)null, maxMemoryBytes = (long?)null }),
                async _ => Assert.Equal(before + 3, await MaxContainersAsync()),
                async () => Assert.Equal(before, await MaxContainersAsync()));
        }),
        new("GET", "/api/admin/users", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(
            Get(MatrixCell.ListPathFor(cell.Principals.ReadTarget.Username)), async response =>
            {
                var page = (await response.Content.ReadFromJsonAsync<MatrixCell.PageBody>())!;
                Assert.Equal(cell.Principals.ReadTarget.Id, Assert.Single(page.Items).Id);
            })),
        new("POST", "/api/admin/users", AccessPolicy.AdminWrite, HttpStatusCode.Created, CallerFreshness.Shared, cell =>
        {
            var username = TestUsers.NewUsername();
            var password = TestUsers.NewPassword();
            return Plan(
                Send(HttpMethod.Post, "/api/admin/users", new { username, password, role = "user" }),
                async response =>
                {
                    var created = (await response.Content.ReadFromJsonAsync<TestUsers.UserBody>())!;
                    var stored = await cell.AdminGetUserAsync(created.Id);
                    Assert.Equal((username, "user"), (stored?.Username, stored?.Role));
                },
                async () => Assert.Null(await cell.AdminFindByNameAsync(username)));
        }),
        new("GET", "/api/admin/users/{id}", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(
            Get($"/api/admin/users/{cell.Principals.ReadTarget.Id}"), async response =>
            {
                var user = (await response.Content.ReadFromJsonAsync<TestUsers.UserBody>())!;
                Assert.Equal((cell.Principals.ReadTarget.Id, cell.Principals.ReadTarget.Username), (user.Id, user.Username));
            })),
        new("DELETE", "/api/admin/users/{id}", AccessPolicy.AdminWrite, HttpStatusCode.NoContent, CallerFreshness.Shared, async cell =>
        {
            var victim = await TestUsers.CreateAsync(cell.Principals.BootstrapAdmin);
            return new MatrixPlan(
                Send(HttpMethod.Delete, $"/api/admin/users/{victim.Id}"),
                async _ => Assert.Null(await cell.AdminGetUserAsync(victim.Id)),
                async () => Assert.NotNull(await cell.AdminGetUserAsync(victim.Id)));
        }),
        new("PUT", "/api/admin/users/{id}/role", AccessPolicy.AdminWrite, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var victim = await TestUsers.CreateAsync(cell.Principals.BootstrapAdmin);
            return new MatrixPlan(
                Send(HttpMethod.Put, $"/api/admin/users/{victim.Id}/role", new { role = "admin" }),
                async response =>
                {
                    Assert.Equal("admin", (await response.Content.ReadFromJsonAsync<TestUsers.UserBody>())!.Role);
                    Assert.Equal("admin", (await cell.AdminGetUserAsync(victim.Id))?.Role);
                },
                async () => Assert.Equal("user", (await cell.AdminGetUserAsync(victim.Id))?.Role));
        }),
        new("POST", "/api/admin/users/{id}/password", AccessPolicy.AdminWrite, HttpStatusCode.NoContent, CallerFreshness.Shared, async cell =>
        {
            var victim = await TestUsers.CreateAsync(cell.Principals.BootstrapAdmin);
            var session = (await cell.Principals.SignInAsync(victim)).Token;
            var newPassword = TestUsers.NewPassword();
            return new MatrixPlan(
                Send(HttpMethod.Post, $"/api/admin/users/{victim.Id}/password", new { newPassword }),
                async _ =>
                {
                    await cell.EventuallyRefusedAsync(session, "the victim's session after a password reset");
                    await cell.AssertSignInAsync(victim, newPassword, HttpStatusCode.OK, "the new password");
                },
                // A reset revokes every session, so a live, never-before-used session proves no reset happened.
                () => cell.AssertWorksAsync(session, "the victim's session"));
        }),
        new("GET", "/api/admin/users/{id}/sessions", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(
            Get($"/api/admin/users/{cell.Principals.ReadTarget.Id}/sessions"), async response =>
            {
                var sessions = (await response.Content.ReadFromJsonAsync<MatrixCell.ItemsBody<MatrixCell.SessionBody>>())!.Items;
                Assert.Contains(sessions, s => s.Id == cell.Principals.ReadTargetSessionId);
                Assert.DoesNotContain(sessions, s => s.Current);
            })),
        new("DELETE", "/api/admin/users/{id}/sessions/{sessionId}", AccessPolicy.AdminWrite, HttpStatusCode.NoContent, CallerFreshness.Shared, async cell =>
        {
            var target = cell.Principals.ReadTarget;
            var victim = await cell.Principals.SignInAsync(target);
            return new MatrixPlan(
                Send(HttpMethod.Delete, $"/api/admin/users/{target.Id}/sessions/{victim.SessionId}"),
                _ => cell.EventuallyRefusedAsync(victim.Token, "the revoked session"),
                () => cell.AssertWorksAsync(victim.Token, "the victim session"));
        }),

        // The file system (admin tools): each cell writes its own file through the bootstrap admin.
        new("PUT", "/api/dfs/files/{path}", AccessPolicy.AdminWrite, HttpStatusCode.Created, CallerFreshness.Shared, cell =>
        {
            var path = DfsPathFor(cell);
            return Plan(new HttpRequestMessage(HttpMethod.Put, "/api/dfs/files" + path) { Content = new ByteArrayContent(FileBytes) },
                async _ => Assert.Equal(FileBytes, await cell.Principals.BootstrapAdmin.GetByteArrayAsync("/api/dfs/files" + path)),
                async () => Assert.Equal(HttpStatusCode.NotFound, (await cell.Principals.BootstrapAdmin.GetAsync("/api/dfs/files" + path)).StatusCode));
        }),
        new("GET", "/api/dfs/files/{path}", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var path = await PutDfsFileAsync(cell);
            return await Plan(Get("/api/dfs/files" + path), async response => Assert.Equal(FileBytes, await response.Content.ReadAsByteArrayAsync()));
        }),
        new("HEAD", "/api/dfs/files/{path}", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var path = await PutDfsFileAsync(cell);
            return await Plan(new HttpRequestMessage(HttpMethod.Head, "/api/dfs/files" + path),
                response => { Assert.Equal(FileBytes.Length, response.Content.Headers.ContentLength); return Task.CompletedTask; });
        }),
        new("DELETE", "/api/dfs/files/{path}", AccessPolicy.AdminWrite, HttpStatusCode.NoContent, CallerFreshness.Shared, async cell =>
        {
            var path = await PutDfsFileAsync(cell);
            return await Plan(Send(HttpMethod.Delete, "/api/dfs/files" + path),
                async _ => Assert.Equal(HttpStatusCode.NotFound, (await cell.Principals.BootstrapAdmin.GetAsync("/api/dfs/files" + path)).StatusCode),
                async () => Assert.Equal(FileBytes, await cell.Principals.BootstrapAdmin.GetByteArrayAsync("/api/dfs/files" + path)));
        }),
        new("GET", "/api/dfs/folders", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var path = await PutDfsFileAsync(cell);
            var folder = path[..path.LastIndexOf('/')];
            return await Plan(Get("/api/dfs/folders?path=" + Uri.EscapeDataString(folder)),
                async response => Assert.Contains("\"file.bin\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal));
        }),
        new("GET", "/api/dfs/status", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, cell => Plan(Get("/api/dfs/status"), async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.NotEmpty(json.RootElement.GetProperty("nodes").EnumerateArray());
        })),
        new("POST", "/api/dfs/fsck", AccessPolicy.AdminRead, HttpStatusCode.OK, CallerFreshness.Shared, async cell =>
        {
            var path = await PutDfsFileAsync(cell);
            return await Plan(new HttpRequestMessage(HttpMethod.Post, "/api/dfs/fsck?verify=false"), async response =>
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.True(json.RootElement.GetProperty("files").GetInt64() >= 1, $"fsck counted {path}");
            });
        }),
        .. RoutingRows,
    ];

    private static string DfsPathFor(MatrixCell cell) => $"/matrix/{Guid.NewGuid():N}/file.bin";

    public sealed record SshKeyBody(Guid Id, string Name, string Fingerprint);

    /// <summary>A fresh ed25519 public key line (32 random bytes: any value is a well-formed key) and its fingerprint.</summary>
    private static (string Line, string Fingerprint) NewSshKey()
    {
        var blob = new List<byte>();
        void Add(byte[] value)
        {
            var length = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
            blob.AddRange(length);
            blob.AddRange(value);
        }
        Add("ssh-ed25519"u8.ToArray());
        Add(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var bytes = blob.ToArray();
        return ($"ssh-ed25519 {Convert.ToBase64String(bytes)} matrix@test",
            "SHA256:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bytes)).TrimEnd('='));
    }

    /// <summary>Adds a key to the cell owner's account with the owner's arranging session.</summary>
    private static async Task<SshKeyBody> AddSshKeyAsync(MatrixCell cell)
    {
        using var request = Send(HttpMethod.Post, "/api/me/ssh-keys", new { name = "matrix victim", publicKey = NewSshKey().Line });
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", cell.Owner.ArrangerToken);
        using var response = await cell.Principals.Client.SendAsync(request);
        await ApiAssert.StatusAsync(response, HttpStatusCode.Created, $"{cell.Name}: arranging an SSH key");
        return (await response.Content.ReadFromJsonAsync<SshKeyBody>())!;
    }

    private static async Task<List<SshKeyBody>> OwnerSshKeysAsync(MatrixCell cell)
    {
        using var response = await cell.Principals.GetAsync("/api/me/ssh-keys", cell.Owner.ArrangerToken!);
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, $"{cell.Name}: listing the owner's SSH keys");
        return (await response.Content.ReadFromJsonAsync<MatrixCell.ItemsBody<SshKeyBody>>())!.Items;
    }

    private static async Task<string> PutDfsFileAsync(MatrixCell cell)
    {
        var path = DfsPathFor(cell);
        using var response = await cell.Principals.BootstrapAdmin.PutAsync("/api/dfs/files" + path, new ByteArrayContent(FileBytes));
        await ApiAssert.StatusAsync(response, HttpStatusCode.Created, $"{cell.Name}: arranging {path}");
        return path;
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Send(HttpMethod method, string path, object? body = null) =>
        new(method, path) { Content = body is null ? null : JsonContent.Create(body) };

    private static Task<MatrixPlan> Plan(HttpRequestMessage request, Func<HttpResponseMessage, Task> succeeded, Func<Task>? unchanged = null) =>
        Task.FromResult(new MatrixPlan(request, succeeded, unchanged ?? (() => Task.CompletedTask)));
}
