using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EddCloud.Ssh.Protocol;

/// <summary>
/// aes128-gcm@openssh.com / aes256-gcm@openssh.com (RFC 5647 as OpenSSH's PROTOCOL file amends it): the packet
/// length is associated data in clear, the 12-byte nonce is a 4-byte fixed field and an 8-byte invocation counter
/// that grows by one per packet, the tag is 16 bytes and there is no separate MAC.
/// </summary>
internal sealed class AesGcmPacketCipher(byte[] key, byte[] iv) : SshPacketCipher
{
    private const int Tag = 16;
    private readonly AesGcm _aes = new(key, Tag);
    private readonly byte[] _nonce = iv.AsSpan(0, 12).ToArray();

    public override int BlockSize => 16;

    public override int TagLength => Tag;

    public override bool AlignsWithoutLength => true;

    public override void Seal(uint sequence, Span<byte> frame, Span<byte> tag)
    {
        var body = frame[8..];
        _aes.Encrypt(_nonce, body, body, tag, frame[4..8]);
        NextNonce();
    }

    public override void Open(uint sequence, Span<byte> frame, ReadOnlySpan<byte> tag)
    {
        var body = frame[8..];
        try
        {
            _aes.Decrypt(_nonce, body, tag, body, frame[4..8]);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SshProtocolException(SshDisconnectReason.MacError, "A packet failed its AES-GCM authentication (corrupted or forged).");
        }
        NextNonce();
    }

    private void NextNonce()
    {
        var counter = _nonce.AsSpan(4);
        BinaryPrimitives.WriteUInt64BigEndian(counter, BinaryPrimitives.ReadUInt64BigEndian(counter) + 1);
    }

    public override void Dispose() => _aes.Dispose();
}
