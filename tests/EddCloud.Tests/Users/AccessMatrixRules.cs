using System.Net;

namespace EddCloud.Tests.Users;

/// <summary>What an endpoint demands of its caller (docs/api.md, "Authentication").</summary>
public enum AccessPolicy
{
    /// <summary>Anyone, signed in or not (JWKS, health, the OpenAPI document).</summary>
    Public,
    /// <summary>A signed-in session (cookie or session JWT), never an API token.</summary>
    SessionOnly,
    /// <summary>Any session, or an API token with <c>account:read</c>.</summary>
    AccountRead,
    /// <summary>Any session, or an API token with <c>files:read</c>.</summary>
    FilesRead,
    /// <summary>Any session, or an API token with <c>containers:read</c>.</summary>
    ContainersRead,
    /// <summary>An admin's session, or an admin's API token with <c>admin:read</c>.</summary>
    AdminRead,
    /// <summary>An admin's session, or an admin's API token with <c>admin:write</c>.</summary>
    AdminWrite,
}

public enum MatrixCredentialKind
{
    None,
    Bearer,
    Cookie,
    ApiToken,
}

/// <summary>One row of callers: who (role), how (credential) and, for API tokens, with which scopes.</summary>
public sealed record MatrixCallerKind(string Name, string? Role, MatrixCredentialKind Credential, IReadOnlyList<string> Scopes)
{
    public bool IsSession => Credential is MatrixCredentialKind.Bearer or MatrixCredentialKind.Cookie;

    public bool IsAdmin => Role == "admin";

    /// <summary>The contract, written independently of the silo's Policies class.</summary>
    public bool Allows(AccessPolicy policy) => policy switch
    {
        AccessPolicy.Public => true,
        _ when Credential == MatrixCredentialKind.None => false,
        AccessPolicy.SessionOnly => IsSession,
        AccessPolicy.AccountRead => IsSession || Scopes.Contains("account:read"),
        AccessPolicy.FilesRead => IsSession || Scopes.Contains("files:read"),
        AccessPolicy.ContainersRead => IsSession || Scopes.Contains("containers:read"),
        AccessPolicy.AdminRead => IsAdmin && (IsSession || Scopes.Contains("admin:read")),
        AccessPolicy.AdminWrite => IsAdmin && (IsSession || Scopes.Contains("admin:write")),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    public override string ToString() => Name;
}

/// <summary>The rule table: callers × endpoints → expected status. Cells are named for the test explorer.</summary>
public static class AccessMatrix
{
    public static readonly MatrixCallerKind Anonymous = new("anonymous", null, MatrixCredentialKind.None, []);
    public static readonly MatrixCallerKind UserBearer = new("user-session(bearer)", "user", MatrixCredentialKind.Bearer, []);
    public static readonly MatrixCallerKind UserCookie = new("user-session(cookie+csrf)", "user", MatrixCredentialKind.Cookie, []);
    public static readonly MatrixCallerKind AdminBearer = new("admin-session(bearer)", "admin", MatrixCredentialKind.Bearer, []);
    public static readonly MatrixCallerKind UserTokenAccountRead = new("user-api-token(account:read)", "user", MatrixCredentialKind.ApiToken, ["account:read"]);
    public static readonly MatrixCallerKind AdminTokenAccountRead = new("admin-api-token(account:read)", "admin", MatrixCredentialKind.ApiToken, ["account:read"]);
    public static readonly MatrixCallerKind AdminTokenAdminRead = new("admin-api-token(admin:read)", "admin", MatrixCredentialKind.ApiToken, ["admin:read"]);
    public static readonly MatrixCallerKind AdminTokenAdminReadWrite = new("admin-api-token(admin:read+admin:write)", "admin", MatrixCredentialKind.ApiToken, ["admin:read", "admin:write"]);

    public static IReadOnlyList<MatrixCallerKind> Callers { get; } =
    [
        Anonymous, UserBearer, UserCookie, AdminBearer, UserTokenAccountRead, AdminTokenAccountRead, AdminTokenAdminRead, AdminTokenAdminReadWrite,
    ];

    /// <summary>Every cell by its display name.</summary>
    public static IReadOnlyDictionary<string, (MatrixCallerKind Caller, MatrixEndpoint Endpoint)> Cells { get; } = BuildCells();

    public static HttpStatusCode Expected(MatrixCallerKind caller, MatrixEndpoint endpoint) =>
        caller.Allows(endpoint.Policy) ? endpoint.Success
        : caller.Credential == MatrixCredentialKind.None ? HttpStatusCode.Unauthorized
        : HttpStatusCode.Forbidden;

    public static string NameOf(MatrixCallerKind caller, MatrixEndpoint endpoint) =>
        $"{caller.Name} × {endpoint.Method} {endpoint.Path} → {(int)Expected(caller, endpoint)}";

    private static Dictionary<string, (MatrixCallerKind, MatrixEndpoint)> BuildCells()
    {
        var cells = new Dictionary<string, (MatrixCallerKind, MatrixEndpoint)>(StringComparer.Ordinal);
        foreach (var endpoint in AccessMatrixScenarios.Endpoints)
        {
            foreach (var caller in Callers)
                cells.Add(NameOf(caller, endpoint), (caller, endpoint));
        }
        return cells;
    }
}
