using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EddCloud.Tests.SingleNode;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EddCloud.Tests.Users;

/// <summary>A user the cells act for, with an extra session of its own used only to arrange and to check (never the caller).</summary>
public sealed record MatrixOwner(TestUsers.TestUser User, string Role, string? ArrangerToken, string? KnownToken = null, Guid? KnownTokenId = null);

/// <summary>The credential one cell calls with; <see cref="Owner"/> is whose account "me" is (anonymous: a bystander).</summary>
public sealed record MatrixCredential(MatrixCallerKind Kind, MatrixOwner Owner, string? Bearer, string? Cookie, string? Csrf, Guid? SessionId)
{
    public void Apply(HttpRequestMessage request)
    {
        if (Bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Bearer);
        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", Cookie);
            request.Headers.Add("X-CSRF-Token", Csrf);
        }
    }

    public override string ToString() => Kind.Name;
}

/// <summary>
/// Creates the reusable callers once per test class (the first cell pays the argon2 cost), and fresh
/// victims and callers for the cells that change something.
/// </summary>
public sealed class AccessMatrixFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessMatrixPrincipals? _principals;

    public async Task<AccessMatrixPrincipals> GetAsync(SiloProcess silo)
    {
        await _gate.WaitAsync();
        try
        {
            return _principals ??= await AccessMatrixPrincipals.CreateAsync(silo);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _principals?.Dispose();
        _gate.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class AccessMatrixPrincipals : IDisposable
{
    private readonly Dictionary<MatrixCallerKind, MatrixCredential> _shared = [];

    private AccessMatrixPrincipals(SiloProcess silo, HttpClient bootstrapAdmin)
    {
        Silo = silo;
        BootstrapAdmin = bootstrapAdmin;
        Client = silo.CreateClient();
    }

    public SiloProcess Silo { get; }

    /// <summary>No default credentials: every request carries its own.</summary>
    public HttpClient Client { get; }

    /// <summary>The silo's own admin: creates users and checks admin-side effects, never a caller under test.</summary>
    public HttpClient BootstrapAdmin { get; }

    public MatrixOwner User { get; private set; } = null!;

    public MatrixOwner Admin { get; private set; } = null!;

    /// <summary>A user only read by the read-only admin cells, with one session.</summary>
    public TestUsers.TestUser ReadTarget { get; private set; } = null!;

    public Guid ReadTargetSessionId { get; private set; }

    public MatrixCredential Shared(MatrixCallerKind kind) => _shared[kind];

    public static async Task<AccessMatrixPrincipals> CreateAsync(SiloProcess silo)
    {
        var principals = new AccessMatrixPrincipals(silo, await silo.SignInAsAdminAsync());
        await principals.InitializeAsync();
        return principals;
    }

    private async Task InitializeAsync()
    {
        var userTask = CreateOwnerAsync("user", AccessMatrix.UserTokenAccountRead.Scopes);
        var adminTask = CreateOwnerAsync("admin", AccessMatrix.AdminTokenAccountRead.Scopes);
        var readTargetTask = TestUsers.CreateAsync(BootstrapAdmin);
        User = await userTask;
        Admin = await adminTask;
        ReadTarget = await readTargetTask;
        ReadTargetSessionId = (await SignInAsync(ReadTarget)).SessionId;

        foreach (var kind in AccessMatrix.Callers)
        {
            var owner = OwnerOf(kind);
            // Each owner's well-known token is its account:read caller.
            _shared[kind] = kind.Credential == MatrixCredentialKind.ApiToken && kind.Scopes.SequenceEqual(["account:read"])
                ? new MatrixCredential(kind, owner, owner.KnownToken, null, null, null)
                : await NewCredentialAsync(kind, owner);
        }
    }

    public MatrixOwner OwnerOf(MatrixCallerKind kind) => kind.Role == "admin" ? Admin : User;

    /// <summary>A new credential of this kind for an existing owner (a new session, or a new API token).</summary>
    public async Task<MatrixCredential> NewCredentialAsync(MatrixCallerKind kind, MatrixOwner owner)
    {
        switch (kind.Credential)
        {
            case MatrixCredentialKind.None:
                return new MatrixCredential(kind, owner, null, null, null, null);
            case MatrixCredentialKind.Bearer:
                var session = await SignInAsync(owner.User);
                return new MatrixCredential(kind, owner, session.Token, null, null, session.SessionId);
            case MatrixCredentialKind.Cookie:
                var (cookie, csrf, sessionId) = await CookieSignInAsync(owner.User);
                return new MatrixCredential(kind, owner, null, cookie, csrf, sessionId);
            case MatrixCredentialKind.ApiToken:
                var token = await CreateTokenAsync(owner, "matrix " + kind.Name, kind.Scopes);
                return new MatrixCredential(kind, owner, token.Token, null, null, null);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>A brand-new user of the caller's role (user for anonymous) and a credential of this kind for it.</summary>
    public async Task<MatrixCredential> NewPrincipalAsync(MatrixCallerKind kind)
    {
        var role = kind.Role ?? "user";
        var user = await TestUsers.CreateAsync(BootstrapAdmin, role);
        var arranger = kind.Credential == MatrixCredentialKind.ApiToken ? (await SignInAsync(user)).Token : null;
        return await NewCredentialAsync(kind, new MatrixOwner(user, role, arranger));
    }

    public async Task<(string Token, Guid SessionId)> SignInAsync(TestUsers.TestUser user)
    {
        using var response = await Client.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, $"sign-in of {user.Username}");
        var body = (await response.Content.ReadFromJsonAsync<TokenLoginBody>())!;
        return (body.Token, body.SessionId);
    }

    /// <summary>Status of a sign-in attempt, for "the password is (not) this one" checks.</summary>
    public async Task<HttpStatusCode> SignInStatusAsync(string username, string password)
    {
        using var response = await Client.PostAsJsonAsync("/api/auth/token", new { username, password });
        return response.StatusCode;
    }

    public async Task<(string Cookie, string Csrf, Guid SessionId)> CookieSignInAsync(TestUsers.TestUser user)
    {
        using var response = await Client.PostAsJsonAsync("/api/auth/login", new { username = user.Username, password = user.Password });
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, $"cookie sign-in of {user.Username}");
        var pairs = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        var session = pairs.Single(p => p.StartsWith("edd_session=", StringComparison.Ordinal))["edd_session=".Length..];
        var csrf = pairs.Single(p => p.StartsWith("edd_csrf=", StringComparison.Ordinal))["edd_csrf=".Length..];
        var body = (await response.Content.ReadFromJsonAsync<CookieLoginBody>())!;
        Assert.Equal(csrf, body.CsrfToken);
        var sessionId = Guid.Parse(new JsonWebToken(session).GetClaim("sid").Value);
        return (string.Join("; ", pairs), csrf, sessionId);
    }

    /// <summary>A new API token of the owner, made with the owner's arranging session.</summary>
    public async Task<(string Token, Guid Id)> CreateTokenAsync(MatrixOwner owner, string name, IReadOnlyList<string> scopes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/me/tokens")
        {
            Content = JsonContent.Create(new { name, scopes, expiresInDays = 1 }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner.ArrangerToken ?? throw new InvalidOperationException("no arranging session"));
        using var response = await Client.SendAsync(request);
        await ApiAssert.StatusAsync(response, HttpStatusCode.Created, $"creating token '{name}' for {owner.User.Username}");
        var body = (await response.Content.ReadFromJsonAsync<CreatedTokenBody>())!;
        return (body.Token, body.Info.Id);
    }

    /// <summary>GET with a bare bearer credential (session JWT or API token).</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await Client.SendAsync(request);
    }

    public async Task<HttpStatusCode> StatusAsync(string path, MatrixCredential credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        credential.Apply(request);
        using var response = await Client.SendAsync(request);
        return response.StatusCode;
    }

    public void Dispose()
    {
        Client.Dispose();
        BootstrapAdmin.Dispose();
    }

    private async Task<MatrixOwner> CreateOwnerAsync(string role, IReadOnlyList<string> tokenScopes)
    {
        var user = await TestUsers.CreateAsync(BootstrapAdmin, role);
        var arranger = (await SignInAsync(user)).Token;
        var owner = new MatrixOwner(user, role, arranger);
        var (token, tokenId) = await CreateTokenAsync(owner, $"matrix {role}-api-token(account:read)", tokenScopes);
        return owner with { KnownToken = token, KnownTokenId = tokenId };
    }

    public sealed record TokenLoginBody(string Token, Guid SessionId);
    public sealed record CookieLoginBody(string CsrfToken);
    public sealed record TokenInfoBody(Guid Id, string Name, IReadOnlyList<string> Scopes);
    public sealed record CreatedTokenBody(string Token, TokenInfoBody Info);
}
