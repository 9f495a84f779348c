using Microsoft.Extensions.Logging;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using EddCloud.Grains.Users;

namespace EddCloud.Silo.Users.Tokens;

/// <summary>
/// Issues and verifies session JWTs (ES256). Verification checks signature, issuer, audience and
/// expiry only; whether the session is still live is asked of the user grain by the caller.
/// </summary>
public sealed partial class SessionTokens(SigningKeyStore signingKeys, JwksCache jwks, IOptions<AuthOptions> auth, TimeProvider time, ILogger<SessionTokens> logger)
{
    public const string Issuer = "eddcloud";
    public const string Audience = "eddcloud";
    public const string SessionIdClaim = "sid";
    public const string RoleClaim = "role";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => auth.Value.TokenLifetime;

    public async Task<string> IssueAsync(UserInfo user, Guid sessionId, DateTimeOffset expiresAt)
    {
        var (keyId, key) = await signingKeys.GetSigningKeyAsync();
        var now = time.GetUtcNow();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
                [JwtRegisteredClaimNames.Name] = user.Username,
                [RoleClaim] = user.Role,
                [SessionIdClaim] = sessionId.ToString(),
            },
        });
    }

    /// <summary>The user and session a token names, or null when the token is not one of ours or has expired.</summary>
    public async Task<(Guid UserId, Guid SessionId)?> VerifyAsync(string token)
    {
        if (token.Length > 4096 || !_handler.CanReadToken(token))
            return null;
        var parameters = jwks.ValidationParameters(Audience, time);
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            // The keys could not be loaded (their grain's silo just died): the token may be fine, so say the cluster
            // is unavailable (503) rather than call the credential invalid (401).
            for (var inner = result.Exception; inner is not null; inner = inner.InnerException)
            {
                if (inner is TimeoutException or OrleansException)
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            }

            LogRejected(logger, result.Exception?.GetType().Name ?? "invalid", result.Exception?.Message ?? "");
            return null;
        }
        var claims = result.ClaimsIdentity;
        return Guid.TryParse(claims.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? claims.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId)
            && Guid.TryParse(claims.FindFirst(SessionIdClaim)?.Value, out var sessionId)
            ? (userId, sessionId)
            : null;
    }

    [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "A session token was rejected: {Reason}: {Detail}")]
    private static partial void LogRejected(ILogger logger, string reason, string detail);
}
