using EddCloud.Grains.Events;
using EddCloud.Grains.Storage;
using EddCloud.Grains.Users;
using EddCloud.Silo.Events;

namespace EddCloud.Silo.Storage;

/// <summary>
/// A deleted user's namespaces and files go. The account grain marks itself deleted, then deletes one namespace at
/// a time durably; each namespace purges its files in the background (a reminder resumes it after a crash). A
/// redelivery after a crash half-way carries on with what is left.
/// </summary>
public sealed partial class StorageUserDeletedHandler(IGrainFactory grains, ILogger<StorageUserDeletedHandler> logger) : IEventHandler
{
    public string Name => "storage-user-deleted";

    public string FilterSubject => UserEvents.Deleted;

    public async Task HandleAsync(EventEnvelope envelope, CancellationToken ct)
    {
        var deleted = UserDeletedEvent.From(envelope);
        await grains.GetGrain<IStorageAccountGrain>(deleted.UserId).DeleteAllAsync().WaitAsync(ct);
        LogDeleted(logger, deleted.Username, deleted.UserId);
    }

    [LoggerMessage(EventId = 8431, Level = LogLevel.Information, Message = "Storage of deleted user {Username} ({UserId}) removed; files are purged in the background")]
    private static partial void LogDeleted(ILogger logger, string username, Guid userId);
}
