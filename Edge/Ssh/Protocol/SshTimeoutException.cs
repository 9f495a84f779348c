namespace EddCloud.Ssh.Protocol;

/// <summary>A handshake step did not finish in time (a stalled or very slow peer).</summary>
public sealed class SshTimeoutException : SshException
{
    public SshTimeoutException() : this("The SSH peer did not answer in time.") { }

    public SshTimeoutException(string message) : base(SshDisconnectReason.ConnectionLost, message) { }

    public SshTimeoutException(string message, Exception innerException) : base(SshDisconnectReason.ConnectionLost, message, innerException) { }
}
