namespace EddCloud.Ssh.Protocol;

/// <summary>Algorithm names this implementation speaks, and the RFC 4253 §7.1 negotiation rule.</summary>
public static class SshAlgorithms
{
    public const string Curve25519Sha256 = "curve25519-sha256";
    public const string Curve25519Sha256LibSsh = "curve25519-sha256@libssh.org";
    public const string StrictKexClient = "kex-strict-c-v00@openssh.com";
    public const string StrictKexServer = "kex-strict-s-v00@openssh.com";
    public const string ExtInfoClient = "ext-info-c";

    public const string Ed25519 = "ssh-ed25519";
    public const string EcdsaNistp256 = "ecdsa-sha2-nistp256";
    public const string EcdsaNistp384 = "ecdsa-sha2-nistp384";
    public const string EcdsaNistp521 = "ecdsa-sha2-nistp521";
    public const string RsaKeyType = "ssh-rsa";
    public const string RsaSha256 = "rsa-sha2-256";
    public const string RsaSha512 = "rsa-sha2-512";

    public const string Aes128Gcm = "aes128-gcm@openssh.com";
    public const string Aes256Gcm = "aes256-gcm@openssh.com";
    public const string Aes128Ctr = "aes128-ctr";
    public const string Aes256Ctr = "aes256-ctr";
    public const string HmacSha256Etm = "hmac-sha2-256-etm@openssh.com";
    public const string HmacSha512Etm = "hmac-sha2-512-etm@openssh.com";
    public const string NoCompression = "none";

    internal static readonly string[] KeyExchange = [Curve25519Sha256, Curve25519Sha256LibSsh];

    /// <summary>Signature algorithms accepted for user keys (no SHA-1 "ssh-rsa"), sent as server-sig-algs.</summary>
    internal static readonly string[] UserSignatures = [Ed25519, EcdsaNistp256, EcdsaNistp384, EcdsaNistp521, RsaSha512, RsaSha256];

    /// <summary>GCM first: one AES pass and no separate MAC is the fastest on AES-NI hardware.</summary>
    public static readonly IReadOnlyList<string> DefaultCiphers = [Aes128Gcm, Aes256Gcm, Aes128Ctr, Aes256Ctr];

    public static readonly IReadOnlyList<string> DefaultMacs = [HmacSha256Etm, HmacSha512Etm];

    internal static readonly string[] SupportedCiphers = [Aes128Gcm, Aes256Gcm, Aes128Ctr, Aes256Ctr];

    internal static readonly string[] SupportedMacs = [HmacSha256Etm, HmacSha512Etm];

    internal static bool IsAead(string cipher) => cipher is Aes128Gcm or Aes256Gcm;

    internal static int KeyLength(string cipher) => cipher is Aes128Gcm or Aes128Ctr ? 16 : 32;

    internal static int IvLength(string cipher) => IsAead(cipher) ? 12 : 16;

    internal static int MacKeyLength(string mac) => mac == HmacSha512Etm ? 64 : 32;

    /// <summary>The first client algorithm the server also has (RFC 4253 §7.1), or null.</summary>
    internal static string? Choose(IReadOnlyList<string> client, IReadOnlyList<string> server)
    {
        foreach (var name in client)
        {
            if (server.Contains(name))
                return name;
        }
        return null;
    }
}
