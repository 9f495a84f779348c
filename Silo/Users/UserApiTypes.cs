using EddCloud.Grains.Users;

namespace EddCloud.Silo.Users;

// Wire types of the Users API (docs/api.md). Grain records never go on the wire directly.

public sealed record LoginRequest(string? Username, string? Password);

public sealed record UserResponse(Guid Id, string Username, string Role, DateTimeOffset CreatedAt)
{
    public static UserResponse From(UserInfo u) => new(u.Id, u.Username, u.Role, u.CreatedAt);
}

public sealed record CookieLoginResponse(UserResponse User, DateTimeOffset ExpiresAt, string CsrfToken);

public sealed record TokenLoginResponse(string Token, DateTimeOffset ExpiresAt, Guid SessionId, UserResponse User);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record SessionResponse(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? Ip, string? UserAgent, bool Current)
{
    public static SessionResponse From(SessionInfo s, Guid? current) =>
        new(s.Id, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.Ip, s.UserAgent, s.Id == current);
}

public sealed record ApiTokenResponse(Guid Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt)
{
    public static ApiTokenResponse From(ApiTokenInfo t) => new(t.Id, t.Name, t.Scopes, t.CreatedAt, t.ExpiresAt, t.LastUsedAt);
}

public sealed record CreateApiTokenRequest(string? Name, IReadOnlyList<string>? Scopes, int? ExpiresInDays);

public sealed record CreatedApiTokenResponse(string Token, ApiTokenResponse Info);

public sealed record ItemsResponse<T>(IReadOnlyList<T> Items);

public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? Next);

public sealed record CreateUserRequest(string? Username, string? Password, string? Role);

public sealed record SetRoleRequest(string? Role);

public sealed record ResetPasswordRequest(string? NewPassword);

public sealed record JwksResponse(IReadOnlyList<JwkResponse> Keys);

public sealed record JwkResponse(string Kty, string Crv, string Kid, string Use, string Alg, string X, string Y);
