using System.Collections.Immutable;
using Orleans.Concurrency;

namespace EddCloud.Grains.Users;

/// <summary>
/// The public half of every silo's token-signing keys (singleton, key "jwks"). Each silo keeps its
/// private key in its own data directory and only ever publishes the public half here, so
/// anything that can read this grain can verify tokens but nothing outside a silo can mint them.
/// </summary>
[Alias("edd.users.IJwksGrain")]
public interface IJwksGrain : IGrainWithStringKey
{
    public const string Key = "jwks";

    /// <summary>Adds or refreshes a public key; keys past their <see cref="PublicSigningKey.NotAfter"/> are dropped.</summary>
    [Alias("publish")] Task PublishAsync(PublicSigningKey key);

    [Alias("list"), ReadOnly] Task<ImmutableArray<PublicSigningKey>> ListAsync();
}

/// <summary>An ES256 public key: P-256 point coordinates (base64url) and until when tokens it signed may be valid.</summary>
[GenerateSerializer, Immutable, Alias("edd.users.public-signing-key")]
public sealed record PublicSigningKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string X,
    [property: Id(2)] string Y,
    [property: Id(3)] DateTimeOffset NotAfter);
