using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace EddCloud.Ssh.Protocol;

/// <summary>
/// An OpenSSH public key line ("ssh-ed25519 AAAA... comment"), parsed and checked: ed25519, ECDSA on the NIST
/// curves, or RSA of at least 2048 bits. The key blob is read by the SSH wire rules (RFC 4253 §6.6, RFC 5656 §3.1,
/// RFC 8709 §4) and the key itself is loaded, so a malformed point or modulus is refused, not just stored.
/// </summary>
public sealed record SshPublicKey(string Type, int Bits, string Fingerprint, string Base64, string? Comment)
{
    public const int MinRsaBits = 2048;
    private const int MaxRsaBits = 16384;
    private const int MaxLineLength = 16 * 1024;

    /// <summary>"type base64", the form stored and handed to sshd's authorized_keys.</summary>
    public string Line => $"{Type} {Base64}";

    /// <summary>The authorized_keys line ("ssh-ed25519 base64") of a raw 32-byte Ed25519 public key.</summary>
    public static string Ed25519Line(ReadOnlySpan<byte> publicKey)
    {
        const string type = "ssh-ed25519";
        var blob = new byte[4 + type.Length + 4 + publicKey.Length];
        BinaryPrimitives.WriteInt32BigEndian(blob, type.Length);
        Encoding.ASCII.GetBytes(type, blob.AsSpan(4));
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(4 + type.Length), publicKey.Length);
        publicKey.CopyTo(blob.AsSpan(8 + type.Length));
        return $"{type} {Convert.ToBase64String(blob)}";
    }

    public static SshPublicKey Parse(string? line)
    {
        var text = (line ?? "").Trim();
        if (text.Length == 0)
            throw Invalid("Paste a public key, e.g. the contents of ~/.ssh/id_ed25519.pub (create one with: ssh-keygen -t ed25519).");
        if (text.Length > MaxLineLength)
            throw Invalid($"A public key line may be at most {MaxLineLength} characters.");
        if (text.Contains("PRIVATE KEY", StringComparison.Ordinal))
            throw Invalid("This is a private key: never share it. Paste the matching .pub file instead.");
        if (text.Contains('\n') || text.Contains('\r'))
            throw Invalid("Paste one key, on one line.");
        var parts = text.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
            throw Invalid("A public key line is '<type> <base64> [comment]', e.g. 'ssh-ed25519 AAAAC3Nza... you@laptop'.");
        var type = parts[0];
        if (!IsSupportedType(type))
        {
            throw Invalid(type.Contains('=') || type.Contains(',')
                ? "authorized_keys options are not accepted; paste just the key ('<type> <base64> [comment]')."
                : $"Key type '{Truncate(type)}' is not accepted; use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa (at least {MinRsaBits} bits).");
        }
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            throw Invalid("The key's base64 part is damaged; copy the whole line again.");
        }
        var bits = Check(type, blob);
        var fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
        var comment = parts.Length == 3 ? parts[2].Trim() : null;
        return new SshPublicKey(type, bits, fingerprint, Convert.ToBase64String(blob), string.IsNullOrEmpty(comment) ? null : comment);
    }

    private static bool IsSupportedType(string type) =>
        type is "ssh-ed25519" or "ssh-rsa" or "ecdsa-sha2-nistp256" or "ecdsa-sha2-nistp384" or "ecdsa-sha2-nistp521";

    /// <summary>Reads the blob by its type's rules and loads the key; returns its size in bits.</summary>
    private static int Check(string type, byte[] blob)
    {
        var reader = new WireReader(blob);
        var inner = Encoding.ASCII.GetString(reader.String());
        if (inner != type)
            throw Invalid($"The line says '{type}' but the key inside is '{Truncate(inner)}'; copy the line unchanged.");
        int bits;
        switch (type)
        {
            case "ssh-ed25519":
                if (reader.String().Length != 32)
                    throw Invalid("An ed25519 key has 32 bytes; this one is damaged.");
                bits = 256;
                break;
            case "ssh-rsa":
                var exponent = reader.Mpint();
                var modulus = reader.Mpint();
                bits = (int)new BigInteger(modulus, isUnsigned: true, isBigEndian: true).GetBitLength();
                if (bits < MinRsaBits)
                    throw Invalid($"This RSA key has {bits} bits; at least {MinRsaBits} are needed (better: ssh-keygen -t ed25519).");
                if (bits > MaxRsaBits)
                    throw Invalid($"RSA keys of more than {MaxRsaBits} bits are not accepted.");
                if (exponent.Length == 0 || (exponent[^1] & 1) == 0)
                    throw Invalid("This RSA key's public exponent is not valid.");
                using (var rsa = RSA.Create())
                    Load(() => rsa.ImportParameters(new RSAParameters { Exponent = exponent, Modulus = modulus }));
                break;
            default:
                var (curveName, curve, size) = type switch
                {
                    "ecdsa-sha2-nistp256" => ("nistp256", ECCurve.NamedCurves.nistP256, 32),
                    "ecdsa-sha2-nistp384" => ("nistp384", ECCurve.NamedCurves.nistP384, 48),
                    _ => ("nistp521", ECCurve.NamedCurves.nistP521, 66),
                };
                if (Encoding.ASCII.GetString(reader.String()) != curveName)
                    throw Invalid($"An {type} key must name the curve {curveName}; this one is damaged.");
                var point = reader.String();
                if (point.Length != 1 + 2 * size || point[0] != 4)
                    throw Invalid($"An {type} key holds an uncompressed point of {1 + 2 * size} bytes; this one is damaged.");
                using (var ecdsa = ECDsa.Create())
                {
                    Load(() => ecdsa.ImportParameters(new ECParameters
                    {
                        Curve = curve,
                        Q = new ECPoint { X = point[1..(1 + size)], Y = point[(1 + size)..] },
                    }));
                }
                bits = size == 66 ? 521 : size * 8;
                break;
        }
        if (!reader.AtEnd)
            throw Invalid("The key has extra bytes after its end; copy the line unchanged.");
        return bits;
    }

    private static void Load(Action import)
    {
        try
        {
            import();
        }
        catch (CryptographicException)
        {
            throw Invalid("The key's numbers are not a valid public key; copy the line again or make a new key.");
        }
    }

    private static string Truncate(string value) => value.Length > 40 ? value[..40] + "..." : value;

    private static SshKeyFormatException Invalid(string message) => new(message);

    /// <summary>The SSH wire format's length-prefixed strings, with bounds checked.</summary>
    private ref struct WireReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly bool AtEnd => _rest.IsEmpty;

        public byte[] String()
        {
            if (_rest.Length < 4)
                throw Invalid("The key ends too early; copy the whole line again.");
            var length = BinaryPrimitives.ReadUInt32BigEndian(_rest);
            if (length > (uint)(_rest.Length - 4))
                throw Invalid("The key ends too early; copy the whole line again.");
            var value = _rest.Slice(4, (int)length).ToArray();
            _rest = _rest[(4 + (int)length)..];
            return value;
        }

        /// <summary>A positive mpint without its sign byte.</summary>
        public byte[] Mpint()
        {
            var value = String();
            if (value.Length > 0 && (value[0] & 0x80) != 0)
                throw Invalid("The key holds a negative number; it is damaged.");
            var start = 0;
            while (start < value.Length && value[start] == 0)
                start++;
            return value[start..];
        }
    }
}

/// <summary>A public key line that is not an accepted key; the message says what is wrong and what to paste instead.</summary>
public sealed class SshKeyFormatException(string message) : FormatException(message);
