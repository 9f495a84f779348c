using System.Security.Cryptography;
using System.Text;
using EddCloud.Grains.Users;
using EddCloud.Silo.Users.Tokens;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Users.Auth;

/// <summary>
/// Turns a presented credential into a <see cref="Caller"/>: the JWT's signature locally, then
/// whether its session (or the API token) is still live by asking the user grain. Answers are
/// cached for <see cref="AuthOptions.CredentialCacheDuration"/> (2 s), which bounds how long a
/// revoked credential keeps working on any silo.
/// </summary>
public sealed class CredentialVerifier(SessionTokens sessions, IGrainFactory grains, IMemoryCache cache, IOptions<AuthOptions> auth)
{
    public async Task<Caller?> VerifySessionTokenAsync(string token, CredentialKind kind, string? ip)
    {
        var claims = await sessions.VerifyAsync(token);
        if (claims is not var (userId, sessionId))
            return null;
        var user = await CachedAsync($"s:{userId:N}:{sessionId:N}",
            () => grains.GetGrain<IUserGrain>(userId).ValidateSessionAsync(sessionId, ip));
        return user is null ? null : new Caller(user.Id, user.Username, user.Role, kind, sessionId, null, []);
    }

    public async Task<Caller?> VerifyApiTokenAsync(string token)
    {
        if (!ApiTokenFormat.TryParse(token, out var userId, out var tokenId, out var secretHash))
            return null;
        var cacheKey = "t:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var grant = await CachedAsync(cacheKey, () => grains.GetGrain<IUserGrain>(userId).ValidateApiTokenAsync(tokenId, secretHash));
        return grant is null
            ? null
            : new Caller(grant.User.Id, grant.User.Username, grant.User.Role, CredentialKind.ApiToken, null, grant.TokenId, grant.Scopes);
    }

    /// <summary>Forgets what this silo cached for a session, so its own revocations apply at once here.</summary>
    public void ForgetSession(Guid userId, Guid sessionId) => cache.Remove($"s:{userId:N}:{sessionId:N}");

    private async Task<T?> CachedAsync<T>(string key, Func<Task<T?>> load) where T : class
    {
        if (cache.TryGetValue(key, out T? cached))
            return cached;
        var value = await load();
        var duration = auth.Value.CredentialCacheDuration;
        if (duration > TimeSpan.Zero)
            cache.Set(key, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = duration, Size = 1 });
        return value;
    }
}
