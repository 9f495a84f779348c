using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace EddCloud.Ssh.Protocol;

/// <summary>
/// Checks SSH signatures of host keys and user keys: ssh-ed25519 (RFC 8709), ecdsa-sha2-nistp256/384/521
/// (RFC 5656 §3.1.2) and rsa-sha2-256/512 (RFC 8332). SHA-1 "ssh-rsa" signatures are refused on purpose.
/// </summary>
internal static class SshSignatures
{
    /// <summary>The key type a signature algorithm needs in the key blob, or null when the algorithm is not accepted.</summary>
    public static string? KeyTypeOf(string algorithm) => algorithm switch
    {
        SshAlgorithms.Ed25519 or SshAlgorithms.EcdsaNistp256 or SshAlgorithms.EcdsaNistp384 or SshAlgorithms.EcdsaNistp521 => algorithm,
        SshAlgorithms.RsaSha256 or SshAlgorithms.RsaSha512 => SshAlgorithms.RsaKeyType,
        _ => null,
    };

    /// <summary>The type name inside a key blob.</summary>
    public static string KeyType(ReadOnlySpan<byte> keyBlob)
    {
        var reader = new SshReader(keyBlob);
        return reader.Utf8(64);
    }

    /// <summary>True when <paramref name="signatureBlob"/> is a valid <paramref name="algorithm"/> signature of <paramref name="data"/> by the key.</summary>
    public static bool Verify(ReadOnlySpan<byte> keyBlob, string algorithm, ReadOnlySpan<byte> signatureBlob, ReadOnlySpan<byte> data)
    {
        try
        {
            var keyType = KeyTypeOf(algorithm);
            var key = new SshReader(keyBlob);
            if (keyType is null || key.Utf8(64) != keyType)
                return false;
            var signature = new SshReader(signatureBlob);
            if (signature.Utf8(64) != algorithm)
                return false;
            var sig = signature.String();
            if (!signature.AtEnd)
                return false;
            return algorithm switch
            {
                SshAlgorithms.Ed25519 => VerifyEd25519(ref key, sig, data),
                SshAlgorithms.RsaSha256 => VerifyRsa(ref key, sig, data, HashAlgorithmName.SHA256),
                SshAlgorithms.RsaSha512 => VerifyRsa(ref key, sig, data, HashAlgorithmName.SHA512),
                _ => VerifyEcdsa(ref key, algorithm, sig, data),
            };
        }
        catch (Exception e) when (e is SshProtocolException or CryptographicException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    private static bool VerifyEd25519(ref SshReader key, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data)
    {
        var raw = key.String();
        if (raw.Length != 32 || !key.AtEnd || signature.Length != 64)
            return false;
        var publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey);
        return SignatureAlgorithm.Ed25519.Verify(publicKey, data, signature);
    }

    private static bool VerifyRsa(ref SshReader key, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data, HashAlgorithmName hash)
    {
        var exponent = key.PositiveMpint().ToArray();
        var modulus = key.PositiveMpint().ToArray();
        if (!key.AtEnd || modulus.Length * 8 < 2048 - 7)
            return false;
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Exponent = exponent, Modulus = modulus });
        if (rsa.KeySize < 2048)
            return false;
        // RFC 8332: a signature shorter than the modulus is left-padded with zeros by some signers.
        Span<byte> padded = stackalloc byte[modulus.Length];
        if (signature.Length > modulus.Length)
            return false;
        padded.Clear();
        signature.CopyTo(padded[(modulus.Length - signature.Length)..]);
        return rsa.VerifyData(data, padded, hash, RSASignaturePadding.Pkcs1);
    }

    private static bool VerifyEcdsa(ref SshReader key, string algorithm, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data)
    {
        var (curveName, curve, size, hash) = algorithm switch
        {
            SshAlgorithms.EcdsaNistp256 => ("nistp256", ECCurve.NamedCurves.nistP256, 32, HashAlgorithmName.SHA256),
            SshAlgorithms.EcdsaNistp384 => ("nistp384", ECCurve.NamedCurves.nistP384, 48, HashAlgorithmName.SHA384),
            _ => ("nistp521", ECCurve.NamedCurves.nistP521, 66, HashAlgorithmName.SHA512),
        };
        if (Encoding.ASCII.GetString(key.String()) != curveName)
            return false;
        var point = key.String();
        if (!key.AtEnd || point.Length != 1 + 2 * size || point[0] != 4)
            return false;
        var inner = new SshReader(signature);
        var r = inner.PositiveMpint();
        var s = inner.PositiveMpint();
        if (!inner.AtEnd || r.Length > size || s.Length > size)
            return false;
        Span<byte> fixedSize = stackalloc byte[2 * size];
        fixedSize.Clear();
        r.CopyTo(fixedSize[(size - r.Length)..size]);
        s.CopyTo(fixedSize[(2 * size - s.Length)..]);
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = curve,
            Q = new ECPoint { X = point.Slice(1, size).ToArray(), Y = point.Slice(1 + size, size).ToArray() },
        });
        return ecdsa.VerifyData(data, fixedSize, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
