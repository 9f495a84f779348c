using Microsoft.Extensions.Logging;

namespace EddCloud.Ssh.Protocol;

internal sealed partial class SshTransport
{
    [LoggerMessage(EventId = 9301, Level = LogLevel.Debug, Message = "SSH key exchange done: {Kex}, host key {HostKey}, cipher {Cipher}, MAC {Mac}, strict {Strict}")]
    private static partial void LogKeyExchange(ILogger logger, string kex, string hostKey, string cipher, string mac, bool strict);

    [LoggerMessage(EventId = 9302, Level = LogLevel.Debug, Message = "SSH re-key started by us after {Bytes} bytes")]
    private static partial void LogRekeyStarted(ILogger logger, long bytes);

    [LoggerMessage(EventId = 9303, Level = LogLevel.Information, Message = "SSH protocol error, disconnecting ({Reason}): {Description}")]
    private static partial void LogProtocolError(ILogger logger, SshDisconnectReason reason, string description);

    [LoggerMessage(EventId = 9304, Level = LogLevel.Debug, Message = "SSH peer did not implement our packet {Sequence}")]
    private static partial void LogPeerUnimplemented(ILogger logger, uint sequence);
}
