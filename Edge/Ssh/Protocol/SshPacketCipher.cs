namespace EddCloud.Ssh.Protocol;

/// <summary>
/// Protects one direction of the binary packet protocol (RFC 4253 §6). Every cipher here leaves the 4-byte packet
/// length in clear and authenticates it (aes-gcm@openssh.com uses it as associated data, the -etm MACs cover it), so
/// a reader can check the length before doing any crypto.
/// </summary>
internal abstract class SshPacketCipher : IDisposable
{
    /// <summary>The alignment of the packet: 8 without encryption, the cipher's block size otherwise.</summary>
    public abstract int BlockSize { get; }

    /// <summary>Bytes of MAC or AEAD tag after the packet.</summary>
    public abstract int TagLength { get; }

    /// <summary>True when the alignment rule excludes the 4-byte length field (AEAD and encrypt-then-MAC).</summary>
    public abstract bool AlignsWithoutLength { get; }

    /// <summary>
    /// Encrypts the packet in place and writes its tag. <paramref name="frame"/> is 4 scratch bytes followed by the
    /// packet (length field first): the MACs put the sequence number there and hash it with the packet in one call.
    /// </summary>
    public abstract void Seal(uint sequence, Span<byte> frame, Span<byte> tag);

    /// <summary>Checks the tag and decrypts the packet in place (same <paramref name="frame"/> layout); a bad tag is a MAC error.</summary>
    public abstract void Open(uint sequence, Span<byte> frame, ReadOnlySpan<byte> tag);

    public virtual void Dispose() { }

    public static SshPacketCipher Create(string cipher, string? mac, byte[] iv, byte[] key, byte[]? macKey) => cipher switch
    {
        SshAlgorithms.Aes128Gcm or SshAlgorithms.Aes256Gcm => new AesGcmPacketCipher(key, iv),
        SshAlgorithms.Aes128Ctr or SshAlgorithms.Aes256Ctr => new AesCtrEtmPacketCipher(key, iv, mac!, macKey!),
        _ => throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, $"Cipher '{cipher}' is not supported."),
    };
}
