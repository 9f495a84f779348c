using System.Buffers.Binary;
using System.Text;

namespace EddCloud.Ssh.Protocol;

/// <summary>Builds a message in the SSH wire format (RFC 4251 §5). For control messages; channel data never goes through it.</summary>
internal sealed class SshWriter
{
    private byte[] _buffer;
    private int _length;

    public SshWriter(int capacity = 64) => _buffer = new byte[capacity];

    public SshWriter(byte messageNumber, int capacity = 64) : this(capacity) => Byte(messageNumber);

    public int Length => _length;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public SshWriter Byte(byte value)
    {
        Grow(1)[0] = value;
        return this;
    }

    public SshWriter Boolean(bool value) => Byte(value ? (byte)1 : (byte)0);

    public SshWriter UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(Grow(4), value);
        return this;
    }

    public SshWriter Raw(ReadOnlySpan<byte> value)
    {
        value.CopyTo(Grow(value.Length));
        return this;
    }

    public SshWriter String(ReadOnlySpan<byte> value) => UInt32((uint)value.Length).Raw(value);

    public SshWriter String(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        UInt32((uint)count);
        Encoding.UTF8.GetBytes(value, Grow(count));
        return this;
    }

    public SshWriter NameList(IEnumerable<string> names) => String(string.Join(',', names));

    /// <summary>An mpint from an unsigned big-endian number: leading zeros dropped, a zero byte added when the top bit is set.</summary>
    public SshWriter Mpint(ReadOnlySpan<byte> unsignedBigEndian)
    {
        var value = unsignedBigEndian.TrimStart((byte)0);
        var pad = value.Length > 0 && (value[0] & 0x80) != 0;
        UInt32((uint)(value.Length + (pad ? 1 : 0)));
        if (pad)
            Byte(0);
        return Raw(value);
    }

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
