using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace EddCloud.Ssh.Protocol;

/// <summary>
/// aes128-ctr / aes256-ctr (RFC 4344) with hmac-sha2-256-etm@openssh.com or hmac-sha2-512-etm@openssh.com: the
/// length stays in clear, the rest is encrypted, and the MAC covers sequence number, length and ciphertext.
/// CTR is built on one AES-ECB call per packet over a block of counters (AES-NI does the work), then one vector XOR.
/// </summary>
internal sealed class AesCtrEtmPacketCipher : SshPacketCipher
{
    private const int KeystreamChunk = 64 * 1024;
    private readonly Aes _aes;
    private readonly byte[] _macKey;
    private readonly bool _sha512;
    private readonly int _macLength;
    private readonly byte[] _keystream = new byte[KeystreamChunk];
    private ulong _counterHigh;
    private ulong _counterLow;

    public AesCtrEtmPacketCipher(byte[] key, byte[] iv, string mac, byte[] macKey)
    {
        _aes = Aes.Create();
        _aes.Key = key;
        _counterHigh = BinaryPrimitives.ReadUInt64BigEndian(iv);
        _counterLow = BinaryPrimitives.ReadUInt64BigEndian(iv.AsSpan(8));
        _macKey = macKey;
        (_sha512, _macLength) = mac switch
        {
            SshAlgorithms.HmacSha256Etm => (false, 32),
            SshAlgorithms.HmacSha512Etm => (true, 64),
            _ => throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, $"MAC '{mac}' is not supported."),
        };
    }

    public override int BlockSize => 16;

    public override int TagLength => _macLength;

    public override bool AlignsWithoutLength => true;

    public override void Seal(uint sequence, Span<byte> frame, Span<byte> tag)
    {
        Transform(frame[8..]);
        ComputeMac(sequence, frame, tag);
    }

    public override void Open(uint sequence, Span<byte> frame, ReadOnlySpan<byte> tag)
    {
        Span<byte> expected = stackalloc byte[64];
        ComputeMac(sequence, frame, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[.._macLength], tag))
            throw new SshProtocolException(SshDisconnectReason.MacError, "A packet failed its MAC check (corrupted or forged).");
        Transform(frame[8..]);
    }

    /// <summary>MAC(sequence || length || ciphertext) in one one-shot call (several times faster than IncrementalHash per packet).</summary>
    private void ComputeMac(uint sequence, Span<byte> frame, Span<byte> tag)
    {
        BinaryPrimitives.WriteUInt32BigEndian(frame, sequence);
        if (_sha512)
            HMACSHA512.HashData(_macKey, frame, tag);
        else
            HMACSHA256.HashData(_macKey, frame, tag);
    }

    /// <summary>XORs the keystream into <paramref name="data"/>, a whole number of blocks (the packet rules make it so).</summary>
    private void Transform(Span<byte> data)
    {
        while (!data.IsEmpty)
        {
            var count = Math.Min(data.Length, KeystreamChunk);
            var stream = _keystream.AsSpan(0, count);
            FillCounters(MemoryMarshal.Cast<byte, ulong>(stream));
            _aes.EncryptEcb(stream, stream, PaddingMode.None);
            Xor(data[..count], stream);
            data = data[count..];
        }
    }

    /// <summary>Big-endian 128-bit counters, one per block; the high half is swapped once per run without a carry.</summary>
    private void FillCounters(Span<ulong> words)
    {
        var blocks = words.Length / 2;
        var i = 0;
        while (i < blocks)
        {
            var high = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(_counterHigh) : _counterHigh;
            // Blocks until the low half wraps (almost always all of them).
            var untilWrap = _counterLow == 0 ? ulong.MaxValue : ulong.MaxValue - _counterLow + 1;
            var run = (int)Math.Min((ulong)(blocks - i), untilWrap);
            for (var end = i + run; i < end; i++)
            {
                words[2 * i] = high;
                words[2 * i + 1] = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(_counterLow) : _counterLow;
                _counterLow++;
            }
            if (_counterLow == 0)
                _counterHigh++;
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> stream)
    {
        ref var d = ref MemoryMarshal.GetReference(data);
        ref var s = ref MemoryMarshal.GetReference(stream);
        nuint length = (nuint)data.Length;
        nuint i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= length; i += 32)
                (Vector256.LoadUnsafe(ref d, i) ^ Vector256.LoadUnsafe(ref s, i)).StoreUnsafe(ref d, i);
        }
        for (; i + 16 <= length; i += 16)
            (Vector128.LoadUnsafe(ref d, i) ^ Vector128.LoadUnsafe(ref s, i)).StoreUnsafe(ref d, i);
        for (; i < length; i++)
            data[(int)i] ^= stream[(int)i];
    }

    public override void Dispose()
    {
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_macKey);
    }
}
