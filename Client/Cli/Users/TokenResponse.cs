namespace EddCloud.Cli.Users;

/// <summary>Answer of <c>POST /api/auth/token</c>: a session JWT for the CLI.</summary>
public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt, string SessionId, User User)
{
    // Records print every member by default; the token must never reach a log or an exception message.
    public override string ToString() => $"TokenResponse {{ SessionId = {SessionId}, User = {User.Username}, ExpiresAt = {ExpiresAt:O} }}";
}
