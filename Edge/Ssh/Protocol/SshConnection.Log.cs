using Microsoft.Extensions.Logging;

namespace EddCloud.Ssh.Protocol;

public abstract partial class SshConnection
{
    [LoggerMessage(EventId = 9310, Level = LogLevel.Debug, Message = "SSH global request {Name} (want reply {WantReply}) refused")]
    private static partial void LogGlobalRequest(ILogger logger, string name, bool wantReply);

    [LoggerMessage(EventId = 9311, Level = LogLevel.Debug, Message = "SSH connection closed ({Reason}): {Description}")]
    private static partial void LogClosed(ILogger logger, SshDisconnectReason reason, string description);

    [LoggerMessage(EventId = 9320, Level = LogLevel.Information, Message = "SSH user {Username} logged in with {KeyType} key {Fingerprint}")]
    private protected static partial void LogAuthAccepted(ILogger logger, string username, string keyType, string fingerprint);

    [LoggerMessage(EventId = 9321, Level = LogLevel.Information, Message = "SSH user {Username} refused: {Why}")]
    private protected static partial void LogAuthRefused(ILogger logger, string username, string why);

    [LoggerMessage(EventId = 9322, Level = LogLevel.Warning, Message = "SSH authentication policy failed for user {Username}; the key is refused")]
    private protected static partial void LogPolicyFailed(ILogger logger, Exception exception, string username);

    [LoggerMessage(EventId = 9330, Level = LogLevel.Debug, Message = "SSH client logged in to {RemoteVersion} as {Username}")]
    private protected static partial void LogClientLoggedIn(ILogger logger, string remoteVersion, string username);
}
