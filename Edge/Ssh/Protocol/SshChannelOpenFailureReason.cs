namespace EddCloud.Ssh.Protocol;

/// <summary>Reason codes of SSH_MSG_CHANNEL_OPEN_FAILURE (RFC 4254 §5.1).</summary>
public enum SshChannelOpenFailureReason
{
    AdministrativelyProhibited = 1,
    ConnectFailed = 2,
    UnknownChannelType = 3,
    ResourceShortage = 4,
}
