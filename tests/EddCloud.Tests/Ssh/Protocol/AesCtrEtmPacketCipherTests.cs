using System.Numerics;
using System.Security.Cryptography;
using EddCloud.Ssh.Protocol;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>Our CTR keystream against a block-by-block reference, including the carry from the low 64 bits.</summary>
public sealed class AesCtrEtmPacketCipherTests
{
    [Theory]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("0000000000000001fffffffffffffff0")]
    [InlineData("ffffffffffffffffffffffffffffffff")]
    public void Seal_PacketsCrossingCounterCarries_MatchReferenceCtrAndOpenBack(string ivHex)
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var iv = Convert.FromHexString(ivHex);
        var macKey = RandomNumberGenerator.GetBytes(32);
        using var sealer = SshPacketCipher.Create(SshAlgorithms.Aes128Ctr, SshAlgorithms.HmacSha256Etm, iv, key, macKey);
        using var opener = SshPacketCipher.Create(SshAlgorithms.Aes128Ctr, SshAlgorithms.HmacSha256Etm, iv, key, macKey);
        var counter = new BigInteger(iv, isUnsigned: true, isBigEndian: true);
        foreach (var (bodyLength, sequence) in new[] { (32, 0u), (32 * 1024, 1u), (16 * 17, 2u) })
        {
            var plain = RandomNumberGenerator.GetBytes(bodyLength);
            var frame = new byte[8 + bodyLength];
            plain.CopyTo(frame, 8);
            var tag = new byte[32];

            sealer.Seal(sequence, frame, tag);

            var expected = ReferenceCtr(key, ref counter, plain);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(frame.AsSpan(8)));
            opener.Open(sequence, frame, tag);
            Assert.Equal(Convert.ToHexString(plain), Convert.ToHexString(frame.AsSpan(8)));
        }
    }

    [Fact]
    public void Open_TamperedCiphertext_RefusedAsMacError()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var macKey = RandomNumberGenerator.GetBytes(64);
        using var sealer = SshPacketCipher.Create(SshAlgorithms.Aes256Ctr, SshAlgorithms.HmacSha512Etm, new byte[16], key, macKey);
        using var opener = SshPacketCipher.Create(SshAlgorithms.Aes256Ctr, SshAlgorithms.HmacSha512Etm, new byte[16], key, macKey);
        var frame = new byte[8 + 64];
        var tag = new byte[64];
        sealer.Seal(7, frame, tag);
        frame[20] ^= 1;

        var error = Assert.Throws<SshProtocolException>(() => opener.Open(7, frame, tag));

        Assert.Equal(SshDisconnectReason.MacError, error.Reason);
    }

    private static byte[] ReferenceCtr(byte[] key, ref BigInteger counter, byte[] plain)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var output = new byte[plain.Length];
        var modulus = BigInteger.One << 128;
        for (var offset = 0; offset < plain.Length; offset += 16)
        {
            var block = new byte[16];
            var bytes = counter.ToByteArray(isUnsigned: true, isBigEndian: true);
            bytes.CopyTo(block, 16 - bytes.Length);
            var stream = aes.EncryptEcb(block, PaddingMode.None);
            for (var i = 0; i < 16; i++)
                output[offset + i] = (byte)(plain[offset + i] ^ stream[i]);
            counter = (counter + 1) % modulus;
        }
        return output;
    }
}
