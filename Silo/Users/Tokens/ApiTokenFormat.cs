using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace EddCloud.Silo.Users.Tokens;

/// <summary>
/// API tokens look like <c>edd_pat_&lt;user id&gt;_&lt;token id&gt;_&lt;secret&gt;</c>. The ids only locate the
/// record; what the token may do comes from that record, never from the text, so editing the
/// text can only make it invalid. Only SHA-256 of the 256-bit secret is stored.
/// </summary>
public static class ApiTokenFormat
{
    public const string Prefix = "edd_pat_";

    public static (string Token, byte[] SecretHash) Create(Guid userId, Guid tokenId)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{userId:N}_{tokenId:N}_{secret}", HashSecret(secret));
    }

    public static bool TryParse(string token, out Guid userId, out Guid tokenId, [NotNullWhen(true)] out byte[]? secretHash)
    {
        userId = tokenId = Guid.Empty;
        secretHash = null;
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 200)
            return false;
        var parts = token[Prefix.Length..].Split('_');
        if (parts.Length != 3 || parts[2].Length != 64
            || !Guid.TryParseExact(parts[0], "N", out userId) || !Guid.TryParseExact(parts[1], "N", out tokenId))
            return false;
        secretHash = HashSecret(parts[2]);
        return true;
    }

    private static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
