using System.Buffers.Binary;
using System.Text;

namespace EddCloud.Ssh.Protocol;

/// <summary>Reads the SSH wire format with every length checked; a short or malformed message is a protocol error.</summary>
internal ref struct SshReader(ReadOnlySpan<byte> data)
{
    private const int MaxTextLength = 64 * 1024;
    private ReadOnlySpan<byte> _rest = data;

    public readonly bool AtEnd => _rest.IsEmpty;

    public readonly ReadOnlySpan<byte> Rest => _rest;

    public byte Byte()
    {
        if (_rest.IsEmpty)
            throw Short();
        var value = _rest[0];
        _rest = _rest[1..];
        return value;
    }

    public bool Boolean() => Byte() != 0;

    public uint UInt32()
    {
        if (_rest.Length < 4)
            throw Short();
        var value = BinaryPrimitives.ReadUInt32BigEndian(_rest);
        _rest = _rest[4..];
        return value;
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        if (_rest.Length < count)
            throw Short();
        var value = _rest[..count];
        _rest = _rest[count..];
        return value;
    }

    public ReadOnlySpan<byte> String()
    {
        var length = UInt32();
        if (length > (uint)_rest.Length)
            throw Short();
        return Bytes((int)length);
    }

    public string Utf8(int maxLength = MaxTextLength)
    {
        var bytes = String();
        if (bytes.Length > maxLength)
            throw new SshProtocolException($"A text field of {bytes.Length} bytes is longer than the {maxLength} allowed.");
        return Encoding.UTF8.GetString(bytes);
    }

    public string[] NameList() => Utf8().Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A non-negative mpint as an unsigned big-endian number without leading zeros.</summary>
    public ReadOnlySpan<byte> PositiveMpint()
    {
        var value = String();
        if (value.Length > 0 && (value[0] & 0x80) != 0)
            throw new SshProtocolException("A negative number where a positive one is required.");
        return value.TrimStart((byte)0);
    }

    private static SshProtocolException Short() => new("A message ended before its last field.");
}
