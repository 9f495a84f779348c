namespace EddCloud.Edge.Ssh.Protocol;

/// <summary>The peer refused to open a channel (SSH_MSG_CHANNEL_OPEN_FAILURE).</summary>
public sealed class SshChannelOpenException : SshException
{
    public SshChannelOpenException() : this(SshChannelOpenFailureReason.AdministrativelyProhibited, "The channel was refused.") { }

    public SshChannelOpenException(string message) : this(SshChannelOpenFailureReason.AdministrativelyProhibited, message) { }

    public SshChannelOpenException(string message, Exception innerException) : base(SshDisconnectReason.None, message, innerException) { }

    public SshChannelOpenException(SshChannelOpenFailureReason failureReason, string message) : base(SshDisconnectReason.None, message)
    {
        FailureReason = failureReason;
    }

    public SshChannelOpenFailureReason FailureReason { get; }
}
