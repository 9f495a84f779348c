using System.Collections.Immutable;
using System.Security.Cryptography;
using EddCloud.Grains.Users;
using Microsoft.IdentityModel.Tokens;

namespace EddCloud.Silo.Users.Tokens;

/// <summary>
/// The published public keys, as verification keys. Refreshed every minute, and at once (at most
/// every few seconds) when a token names a key id not seen yet, e.g. from a silo that just started.
/// </summary>
public sealed class JwksCache(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StaleRetryInterval = TimeSpan.FromSeconds(5);

    private volatile Snapshot _snapshot = new([], ImmutableDictionary<string, SecurityKey>.Empty, DateTimeOffset.MinValue);
    private readonly SemaphoreSlim _refresh = new(1, 1);

    public async Task<ImmutableArray<PublicSigningKey>> GetPublishedAsync() => (await CurrentAsync(null)).Published;

    public async Task<SecurityKey?> FindAsync(string keyId)
    {
        var snapshot = await CurrentAsync(keyId);
        return snapshot.Keys.GetValueOrDefault(keyId);
    }

    private async Task<Snapshot> CurrentAsync(string? wantedKeyId)
    {
        var snapshot = _snapshot;
        var age = time.GetUtcNow() - snapshot.LoadedAt;
        var missing = wantedKeyId is not null && !snapshot.Keys.ContainsKey(wantedKeyId);
        if (age < RefreshInterval && !(missing && age >= UnknownKeyRefreshInterval))
            return snapshot;

        await _refresh.WaitAsync();
        try
        {
            if (!ReferenceEquals(snapshot, _snapshot))
                return _snapshot;
            ImmutableArray<PublicSigningKey> published;
            try
            {
                published = await grains.GetGrain<IJwksGrain>(IJwksGrain.Key).ListAsync();
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException && _snapshot.Keys.Count > 0)
            {
                // The grain's silo just died: the keys we have still verify every token they signed (keys rotate
                // slowly), so keep them and try again shortly rather than turn every session away.
                _snapshot = _snapshot with { LoadedAt = time.GetUtcNow() - RefreshInterval + StaleRetryInterval };
                return _snapshot;
            }

            var keys = published.ToImmutableDictionary(k => k.KeyId, ToSecurityKey, StringComparer.Ordinal);
            _snapshot = new Snapshot(published, keys, time.GetUtcNow());
            return _snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>
    /// How every silo-signed token is checked: ES256 only, signed by a published key, issuer
    /// "eddcloud", the given audience (and type, when given), a lifetime on <paramref name="time"/>'s clock.
    /// </summary>
    public TokenValidationParameters ValidationParameters(string audience, TimeProvider time, string? tokenType = null)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = SessionTokens.Issuer,
            ValidAudience = audience,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, p) =>
                expires is { } e && time.GetUtcNow().UtcDateTime < e + p.ClockSkew
                && (notBefore is not { } nb || time.GetUtcNow().UtcDateTime >= nb - p.ClockSkew),
            // The resolver is synchronous; the cache answers from memory except right after an unknown key id.
            IssuerSigningKeyResolver = (_, _, kid, _) => kid is not null && FindAsync(kid).GetAwaiter().GetResult() is { } key ? [key] : [],
        };
        if (tokenType is not null)
            parameters.ValidTypes = [tokenType];
        return parameters;
    }

    private static SecurityKey ToSecurityKey(PublicSigningKey key)
    {
        var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(key.X), Y = Base64UrlEncoder.DecodeBytes(key.Y) },
        });
        return new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId };
    }

    private sealed record Snapshot(ImmutableArray<PublicSigningKey> Published, ImmutableDictionary<string, SecurityKey> Keys, DateTimeOffset LoadedAt);
}
