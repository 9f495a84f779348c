namespace EddCloud.Ssh.Protocol;

/// <summary>Base of every error of the SSH protocol code; <see cref="Reason"/> is the disconnect code that goes (or came) with it.</summary>
public class SshException : Exception
{
    public SshException() : this("SSH error.") { }

    public SshException(string message) : this(SshDisconnectReason.ProtocolError, message) { }

    public SshException(string message, Exception innerException) : base(message, innerException)
    {
        Reason = SshDisconnectReason.ConnectionLost;
    }

    public SshException(SshDisconnectReason reason, string message, Exception? innerException = null) : base(message, innerException)
    {
        Reason = reason;
    }

    public SshDisconnectReason Reason { get; }
}
