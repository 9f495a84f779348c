namespace EddCloud.Ssh.Protocol;

/// <summary>Data or EOF was sent on a channel that is closed (by either side) or has already sent EOF.</summary>
public sealed class SshChannelClosedException : SshException
{
    public SshChannelClosedException() : this("The SSH channel is closed.") { }

    public SshChannelClosedException(string message) : base(SshDisconnectReason.None, message) { }

    public SshChannelClosedException(string message, Exception innerException) : base(SshDisconnectReason.None, message, innerException) { }
}
