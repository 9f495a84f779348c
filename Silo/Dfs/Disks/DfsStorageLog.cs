using Microsoft.Extensions.Logging;

namespace EddCloud.Silo.Dfs.Disks;

/// <summary>Every log line of chunk storage; event ids 8000-8099 belong to Dfs storage.</summary>
internal static partial class DfsStorageLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Chunk disk {DiskId} at {Path}: {FreeBytes} of {CapacityBytes} bytes free")]
    public static partial void DiskOpened(ILogger logger, string diskId, string path, long freeBytes, long capacityBytes);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "New chunk disk {DiskId} at {Path}: wrote its disk-id file")]
    public static partial void DiskIdCreated(ILogger logger, string diskId, string path);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Debug, Message = "Staged chunk {ChunkId} version {Version} on disk {DiskId}: {Length} bytes, CRC32C {Crc32C:x8}")]
    public static partial void Staged(ILogger logger, Guid chunkId, long version, string diskId, long length, uint crc32C);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Warning, Message = "Staging chunk {ChunkId} version {Version} on disk {DiskId} refused: more than {MaxLength} bytes arrived")]
    public static partial void StageTooLong(ILogger logger, Guid chunkId, long version, string diskId, long maxLength);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Warning, Message = "Staging chunk {ChunkId} version {Version} on disk {DiskId} refused: {FreeBytes} bytes free, up to {MaxLength} bytes to stage, {ReserveBytes} bytes reserved")]
    public static partial void StageNoSpace(ILogger logger, Guid chunkId, long version, string diskId, long freeBytes, long maxLength, long reserveBytes);

    [LoggerMessage(EventId = 8020, Level = LogLevel.Debug, Message = "Committed chunk {ChunkId} version {Version} on disk {DiskId}")]
    public static partial void Committed(ILogger logger, Guid chunkId, long version, string diskId);

    [LoggerMessage(EventId = 8021, Level = LogLevel.Debug, Message = "Aborted chunk {ChunkId} version {Version} on disk {DiskId}")]
    public static partial void Aborted(ILogger logger, Guid chunkId, long version, string diskId);

    [LoggerMessage(EventId = 8022, Level = LogLevel.Debug, Message = "Deleted chunk {ChunkId} version {Version} on disk {DiskId}")]
    public static partial void Deleted(ILogger logger, Guid chunkId, long version, string diskId);

    [LoggerMessage(EventId = 8030, Level = LogLevel.Warning, Message = "Replica file {Path} has no valid footer (a torn write or damage); it is not a replica")]
    public static partial void TornReplica(ILogger logger, string path);

    [LoggerMessage(EventId = 8031, Level = LogLevel.Warning, Message = "Chunk {ChunkId} version {Version} on disk {DiskId}: block {Block} failed its CRC32C check")]
    public static partial void CorruptBlock(ILogger logger, Guid chunkId, long version, string diskId, int block);

    [LoggerMessage(EventId = 8040, Level = LogLevel.Warning, Message = "Ignoring unknown entry {Path} in a chunk directory (left in place)")]
    public static partial void UnknownEntry(ILogger logger, string path);

    [LoggerMessage(EventId = 8041, Level = LogLevel.Warning, Message = "Could not delete {Path} after a failed stage; listing reports it for garbage collection")]
    public static partial void CleanupFailed(ILogger logger, Exception exception, string path);
}
