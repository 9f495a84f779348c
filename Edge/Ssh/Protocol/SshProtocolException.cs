namespace EddCloud.Ssh.Protocol;

/// <summary>The peer broke the protocol (bad packet, bad MAC, unexpected message); we disconnect with <see cref="SshException.Reason"/>.</summary>
public sealed class SshProtocolException : SshException
{
    public SshProtocolException() : this("The peer broke the SSH protocol.") { }

    public SshProtocolException(string message) : base(SshDisconnectReason.ProtocolError, message) { }

    public SshProtocolException(string message, Exception innerException) : base(SshDisconnectReason.ProtocolError, message, innerException) { }

    public SshProtocolException(SshDisconnectReason reason, string message) : base(reason, message) { }
}
