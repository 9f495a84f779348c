using EddCloud.Silo.Users.Tokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>
/// Issues and verifies data-plane tokens: ES256 JWTs signed with the silo's own key
/// (<see cref="SigningKeyStore"/>) and verified against the published keys (<see cref="JwksCache"/>),
/// like session tokens, but with <c>aud = eddcloud-dfs</c> and <c>typ = dfs+jwt</c>, so neither kind
/// is accepted where the other is expected. One token names exactly one chunk, version, node and access.
/// </summary>
public sealed class DataPlaneTokens(SigningKeyStore signingKeys, JwksCache jwks, IOptions<DataPlaneOptions> options, TimeProvider time)
{
    public const string Issuer = SessionTokens.Issuer;
    public const string Audience = "eddcloud-dfs";
    public const string TokenType = "dfs+jwt";

    private const string ChunkClaim = "chk";
    private const string VersionClaim = "ver";
    private const string AccessClaim = "acc";
    private const string DiskClaim = "disk";
    private const string MaxLengthClaim = "max";
    private const string NodeClaim = "node";
    private const int MaxTokenLength = 4096;

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<string> IssueAsync(DataPlaneGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentException.ThrowIfNullOrWhiteSpace(grant.NodeName);
        ArgumentOutOfRangeException.ThrowIfNegative(grant.Version);
        if (grant.Access == DataPlaneAccess.Write && (string.IsNullOrWhiteSpace(grant.DiskId) || grant.MaxLength is not > 0))
            throw new ArgumentException("A write grant must name the disk and a positive MaxLength: the node never accepts an unbounded body.", nameof(grant));

        var (keyId, key) = await signingKeys.GetSigningKeyAsync();
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            [ChunkClaim] = grant.ChunkId.ToString("N"),
            [VersionClaim] = grant.Version,
            [AccessClaim] = AccessName(grant.Access),
            [NodeClaim] = grant.NodeName,
        };
        if (grant.DiskId is not null)
            claims[DiskClaim] = grant.DiskId;
        if (grant.MaxLength is { } max)
            claims[MaxLengthClaim] = max;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            TokenType = TokenType,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + options.Value.TokenLifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256),
            Claims = claims,
        });
    }

    /// <summary>The grant a token carries, or null when it is not a valid, unexpired data-plane token signed by a silo of this cluster.</summary>
    public async Task<DataPlaneGrant?> VerifyAsync(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !_handler.CanReadToken(token))
            return null;
        var parameters = jwks.ValidationParameters(Audience, time, TokenType);
        var result = await _handler.ValidateTokenAsync(token, parameters);
        return result.IsValid && result.SecurityToken is JsonWebToken jwt ? ReadGrant(jwt) : null;
    }

    /// <summary>
    /// The chunk and version a token names, read WITHOUT checking it: only for a client to build the
    /// URL it sends the token to (the receiving node verifies it).
    /// </summary>
    public static (Guid ChunkId, long Version) ReadAddress(string token)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("The replica's token is not a data-plane token (not a JWT).", nameof(token), e);
        }
        return ReadGrant(jwt) is { } grant
            ? (grant.ChunkId, grant.Version)
            : throw new ArgumentException("The replica's token is not a data-plane token (it names no chunk and version).", nameof(token));
    }

    private static DataPlaneGrant? ReadGrant(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<string>(ChunkClaim, out var chunk) || !Guid.TryParseExact(chunk, "N", out var chunkId)
            || !jwt.TryGetPayloadValue<long>(VersionClaim, out var version)
            || !jwt.TryGetPayloadValue<string>(AccessClaim, out var accessName) || ParseAccess(accessName) is not { } access
            || !jwt.TryGetPayloadValue<string>(NodeClaim, out var node) || string.IsNullOrEmpty(node))
            return null;
        var disk = jwt.TryGetPayloadValue<string>(DiskClaim, out var d) ? d : null;
        long? max = jwt.TryGetPayloadValue<long>(MaxLengthClaim, out var m) ? m : null;
        return new DataPlaneGrant(chunkId, version, access, disk, max, node);
    }

    private static string AccessName(DataPlaneAccess access) => access switch
    {
        DataPlaneAccess.Write => "write",
        DataPlaneAccess.Read => "read",
        DataPlaneAccess.Manage => "manage",
        _ => throw new ArgumentOutOfRangeException(nameof(access), access.ToString(), "Unknown data-plane access."),
    };

    private static DataPlaneAccess? ParseAccess(string name) => name switch
    {
        "write" => DataPlaneAccess.Write,
        "read" => DataPlaneAccess.Read,
        "manage" => DataPlaneAccess.Manage,
        _ => null,
    };
}
