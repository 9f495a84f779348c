namespace EddCloud.Ssh.Protocol;

/// <summary>The peer refused to open a channel (SSH_MSG_CHANNEL_OPEN_FAILURE).</summary>
public sealed class SshChannelOpenException : SshException
{
    public SshChannelOpenException() : this(SshChannelOpenFailureReason.AdministrativelyProhibited, "The channel was refused.") { }

    public SshChannelOpenException(string message) : this(SshChannelOpenFailureReason.AdministrativelyProhibited, message) { }

    public SshChannelOpenException(string message, Exception innerException) : base(SshDisconnectReason.None, message, innerException) { }

    public SshChannelOpenException(SshChannelOpenFailureReason failureReason, string message, string? description = null) : base(SshDisconnectReason.None, message)
    {
        FailureReason = failureReason;
        Description = description ?? message;
    }

    public SshChannelOpenFailureReason FailureReason { get; }

    /// <summary>The peer's own text (what a bridge passes on to its user).</summary>
    public string Description { get; } = "";
}
