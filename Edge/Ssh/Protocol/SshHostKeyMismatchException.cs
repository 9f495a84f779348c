namespace EddCloud.Ssh.Protocol;

/// <summary>The server presented a host key that is not one of the expected ones (or could not prove it holds it).</summary>
public sealed class SshHostKeyMismatchException : SshException
{
    public SshHostKeyMismatchException() : this("The server's host key is not the expected one.") { }

    public SshHostKeyMismatchException(string message) : base(SshDisconnectReason.HostKeyNotVerifiable, message) { }

    public SshHostKeyMismatchException(string message, Exception innerException) : base(SshDisconnectReason.HostKeyNotVerifiable, message, innerException) { }
}
