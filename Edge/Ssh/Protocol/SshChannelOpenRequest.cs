namespace EddCloud.Ssh.Protocol;

/// <summary>A channel the peer wants to open (RFC 4254 §5.1); accept or reject it exactly once.</summary>
public sealed class SshChannelOpenRequest
{
    private readonly SshConnection _connection;
    private int _answered;

    internal SshChannelOpenRequest(SshConnection connection, string type, uint senderId, uint initialWindow, uint maxPacket, byte[] data)
    {
        _connection = connection;
        Type = type;
        SenderId = senderId;
        InitialWindow = initialWindow;
        MaxPacket = maxPacket;
        Data = data;
    }

    /// <summary>"session", "direct-tcpip", ...</summary>
    public string Type { get; }

    /// <summary>The type-specific data, forwarded unchanged by a bridge.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    internal uint SenderId { get; }

    internal uint InitialWindow { get; }

    internal uint MaxPacket { get; }

    /// <summary>For "direct-tcpip": where to connect and who asked.</summary>
    public (string Host, int Port, string OriginatorAddress, int OriginatorPort) GetDirectTcpip()
    {
        var reader = new SshReader(Data.Span);
        return (reader.Utf8(1024), (int)reader.UInt32(), reader.Utf8(1024), (int)reader.UInt32());
    }

    public Task<SshChannel> AcceptAsync(CancellationToken cancellationToken = default)
    {
        Answer();
        return _connection.AcceptIncomingAsync(this, cancellationToken);
    }

    public ValueTask RejectAsync(SshChannelOpenFailureReason reason, string description, CancellationToken cancellationToken = default)
    {
        Answer();
        return _connection.RejectIncomingAsync(this, reason, description, cancellationToken);
    }

    private void Answer()
    {
        if (Interlocked.Exchange(ref _answered, 1) != 0)
            throw new InvalidOperationException("This channel open request was already answered.");
    }

    internal static byte[] DirectTcpipData(string host, int port, string originatorAddress, int originatorPort) =>
        new SshWriter().String(host).UInt32((uint)port).String(originatorAddress).UInt32((uint)originatorPort).ToArray();
}
