namespace EddCloud.Ssh.Protocol;

/// <summary>
/// One thing that arrived on a channel, in order. <see cref="Data"/> is a pooled buffer that stays valid only until
/// the next <see cref="SshChannel.ReadAsync"/> on the same channel; that next read also returns the bytes to the
/// peer's window, which is how back-pressure works: read only as fast as you can pass the data on.
/// </summary>
public readonly struct SshChannelEvent
{
    private readonly byte[]? _buffer;
    private readonly int _length;

    internal SshChannelEvent(SshChannelEventKind kind, byte[]? buffer = null, int length = 0, uint dataType = 0, SshChannelRequest? request = null)
    {
        Kind = kind;
        _buffer = buffer;
        _length = length;
        DataType = dataType;
        Request = request;
    }

    public SshChannelEventKind Kind { get; }

    public ReadOnlyMemory<byte> Data => _buffer is null ? default : _buffer.AsMemory(0, _length);

    /// <summary>For <see cref="SshChannelEventKind.ExtendedData"/>: 1 is stderr (RFC 4254 §5.2).</summary>
    public uint DataType { get; }

    public SshChannelRequest? Request { get; }

    internal byte[]? Buffer => _buffer;

    internal int Length => _length;

    public override string ToString() => Kind switch
    {
        SshChannelEventKind.Data or SshChannelEventKind.ExtendedData => $"{Kind}({_length} bytes)",
        SshChannelEventKind.Request => $"Request({Request!.Name})",
        _ => Kind.ToString(),
    };
}
