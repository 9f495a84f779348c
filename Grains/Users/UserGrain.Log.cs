using Microsoft.Extensions.Logging;

namespace EddCloud.Grains.Users;

internal sealed partial class UserGrain
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "User {UserId} created with role {Role}")]
    private static partial void LogUserCreated(ILogger logger, Guid userId, string role);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "User {UserId} deleted; sessions and tokens revoked")]
    private static partial void LogUserDeleted(ILogger logger, Guid userId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Session {SessionId} of user {UserId} revoked")]
    private static partial void LogSessionRevoked(ILogger logger, Guid userId, Guid sessionId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Password of user {UserId} changed; {KeptSessions} session(s) kept")]
    private static partial void LogPasswordChanged(ILogger logger, Guid userId, int keptSessions);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "User {UserId}: {Effect} not yet applied; the outbox reminder retries")]
    private static partial void LogSideEffectFailed(ILogger logger, Guid userId, string effect, Exception exception);
}
