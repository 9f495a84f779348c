using System.Security.Cryptography;
using NSec.Cryptography;

namespace EddCloud.Ssh.Protocol;

/// <summary>The math of curve25519-sha256 (RFC 8731) and key derivation (RFC 4253 §7.2).</summary>
internal static class SshKeyExchange
{
    public static Key CreateEphemeral() => Key.Create(KeyAgreementAlgorithm.X25519);

    public static byte[] PublicOf(Key ephemeral) => ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    /// <summary>The shared secret K encoded as an SSH mpint (with its length), as hashed into H and the keys.</summary>
    public static byte[] Agree(Key ephemeral, ReadOnlySpan<byte> peerPublic)
    {
        if (peerPublic.Length != 32)
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, $"A curve25519 public key has 32 bytes, not {peerPublic.Length}.");
        if (!PublicKey.TryImport(KeyAgreementAlgorithm.X25519, peerPublic, KeyBlobFormat.RawPublicKey, out var peer) || peer is null)
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "The peer's curve25519 public key is not valid.");
        using var secret = KeyAgreementAlgorithm.X25519.Agree(ephemeral, peer,
            new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport })
            ?? throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "The curve25519 shared secret is zero (a low-order public key).");
        var raw = secret.Export(SharedSecretBlobFormat.RawSharedSecret);
        try
        {
            // RFC 8731 §3.1: the 32 bytes are a big-endian unsigned integer, hashed as an mpint.
            return new SshWriter(40).Mpint(raw).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    /// <summary>H = SHA-256(V_C, V_S, I_C, I_S, K_S, Q_C, Q_S, K) (RFC 8731 §3.1, RFC 5656 §4).</summary>
    public static byte[] ExchangeHash(string clientVersion, string serverVersion, byte[] clientKexInit, byte[] serverKexInit,
        ReadOnlySpan<byte> hostKeyBlob, ReadOnlySpan<byte> clientPublic, ReadOnlySpan<byte> serverPublic, byte[] sharedSecret)
    {
        var data = new SshWriter(1024)
            .String(clientVersion).String(serverVersion)
            .String(clientKexInit).String(serverKexInit)
            .String(hostKeyBlob).String(clientPublic).String(serverPublic)
            .Raw(sharedSecret);
        return SHA256.HashData(data.Span);
    }

    /// <summary>HASH(K || H || letter || session_id), extended by HASH(K || H || K1 || ...) to <paramref name="length"/> bytes.</summary>
    public static byte[] Derive(byte[] sharedSecret, byte[] exchangeHash, char letter, byte[] sessionId, int length)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(sharedSecret);
        hash.AppendData(exchangeHash);
        hash.AppendData([(byte)letter]);
        hash.AppendData(sessionId);
        var key = hash.GetHashAndReset();
        while (key.Length < length)
        {
            hash.AppendData(sharedSecret);
            hash.AppendData(exchangeHash);
            hash.AppendData(key);
            key = [.. key, .. hash.GetHashAndReset()];
        }
        return key[..length];
    }
}
