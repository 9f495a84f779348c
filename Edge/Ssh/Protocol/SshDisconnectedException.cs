namespace EddCloud.Ssh.Protocol;

/// <summary>The connection is gone: the peer sent SSH_MSG_DISCONNECT (its reason and text are kept), closed the socket, or we closed it.</summary>
public sealed class SshDisconnectedException : SshException
{
    public SshDisconnectedException() : this(SshDisconnectReason.ConnectionLost, "The SSH connection is closed.") { }

    public SshDisconnectedException(string message) : base(SshDisconnectReason.ConnectionLost, message) { }

    public SshDisconnectedException(string message, Exception innerException) : base(SshDisconnectReason.ConnectionLost, message, innerException) { }

    public SshDisconnectedException(SshDisconnectReason reason, string message, Exception? innerException = null) : base(reason, message, innerException) { }
}
