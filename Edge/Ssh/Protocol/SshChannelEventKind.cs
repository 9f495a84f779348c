namespace EddCloud.Ssh.Protocol;

/// <summary>What <see cref="SshChannel.ReadAsync"/> returned.</summary>
public enum SshChannelEventKind
{
    /// <summary>The channel is closed (by the peer, or the connection is gone); nothing follows.</summary>
    Closed = 0,
    Data,
    /// <summary>Extended data; <see cref="SshChannelEvent.DataType"/> 1 is stderr.</summary>
    ExtendedData,
    /// <summary>The peer will send no more data (half-close); requests and close may still follow.</summary>
    Eof,
    /// <summary>A channel request; answer it with <see cref="SshChannel.ReplyAsync"/> when it wants a reply.</summary>
    Request,
}
