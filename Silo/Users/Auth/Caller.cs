using System.Collections.Immutable;
using System.Security.Claims;
using EddCloud.Grains.Users;

namespace EddCloud.Silo.Users.Auth;

/// <summary>How a request proved who it is.</summary>
public enum CredentialKind
{
    /// <summary>The dashboard's session cookie; unsafe methods need the CSRF header too.</summary>
    Cookie,
    /// <summary>A session JWT sent as a bearer token (CLI).</summary>
    Bearer,
    /// <summary>A scoped API token.</summary>
    ApiToken,
}

/// <summary>The authenticated caller of a request, as every endpoint sees it.</summary>
public sealed record Caller(Guid UserId, string Username, string Role, CredentialKind Kind, Guid? SessionId, Guid? ApiTokenId, ImmutableArray<string> Scopes)
{
    public const string KindClaim = "edd:kind";
    public const string ScopeClaim = "scope";
    public const string TokenIdClaim = "edd:token";

    public bool IsAdmin => Role == Roles.Admin;

    public bool IsSession => Kind is CredentialKind.Cookie or CredentialKind.Bearer;

    /// <summary>Sessions may do all their role allows; API tokens only what their scopes name.</summary>
    public bool HasScope(string scope) => IsSession
        ? !Grains.Users.Scopes.RequiresAdmin(scope) || IsAdmin
        : Scopes.Contains(scope, StringComparer.Ordinal);

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, UserId.ToString()),
            new(ClaimTypes.Name, Username),
            new(ClaimTypes.Role, Role),
            new(KindClaim, Kind.ToString()),
        };
        if (SessionId is { } sid)
            claims.Add(new Claim(Tokens.SessionTokens.SessionIdClaim, sid.ToString()));
        if (ApiTokenId is { } tid)
            claims.Add(new Claim(TokenIdClaim, tid.ToString()));
        claims.AddRange(Scopes.Select(s => new Claim(ScopeClaim, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static Caller? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            || !Enum.TryParse<CredentialKind>(principal.FindFirstValue(KindClaim), out var kind))
            return null;
        return new Caller(
            userId,
            principal.FindFirstValue(ClaimTypes.Name) ?? "",
            principal.FindFirstValue(ClaimTypes.Role) ?? Roles.User,
            kind,
            Guid.TryParse(principal.FindFirstValue(Tokens.SessionTokens.SessionIdClaim), out var sid) ? sid : null,
            Guid.TryParse(principal.FindFirstValue(TokenIdClaim), out var tid) ? tid : null,
            [.. principal.FindAll(ScopeClaim).Select(c => c.Value)]);
    }
}
