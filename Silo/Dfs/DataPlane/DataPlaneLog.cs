namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>The data plane's log events (ids 8100-8199). Never logs tokens or bytes.</summary>
internal static partial class DataPlaneLog
{
    public const string Category = "EddCloud.Silo.Dfs.DataPlane";

    [LoggerMessage(EventId = 8100, Level = LogLevel.Information, Message = "Refused data-plane {Method} for chunk {ChunkId} version {Version}: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string method, Guid chunkId, long version, string reason);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Debug, Message = "Staged chunk {ChunkId} version {Version} on disk {DiskId}: {Length} bytes")]
    public static partial void Staged(ILogger logger, Guid chunkId, long version, string diskId, long length);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Staging chunk {ChunkId} version {Version} failed; nothing is kept")]
    public static partial void StageFailed(ILogger logger, Guid chunkId, long version, Exception exception);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Error, Message = "Replica of chunk {ChunkId} version {Version} on node {NodeName} is corrupt: {Reason}")]
    public static partial void CorruptionFound(ILogger logger, Guid chunkId, long version, string nodeName, string reason);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Warning, Message = "Read of chunk {ChunkId} version {Version} aborted after {Sent} bytes: {Reason}")]
    public static partial void ReadAborted(ILogger logger, Guid chunkId, long version, long sent, string reason);

    [LoggerMessage(EventId = 8105, Level = LogLevel.Debug, Message = "{Operation} chunk {ChunkId} version {Version}")]
    public static partial void Managed(ILogger logger, string operation, Guid chunkId, long version);

    [LoggerMessage(EventId = 8106, Level = LogLevel.Warning, Message = "Reporting corruption of chunk {ChunkId} version {Version} failed")]
    public static partial void CorruptionReportFailed(ILogger logger, Guid chunkId, long version, Exception exception);

    [LoggerMessage(EventId = 8107, Level = LogLevel.Warning, Message = "Cleaning up the staged replica of chunk {ChunkId} version {Version} failed")]
    public static partial void CleanupFailed(ILogger logger, Guid chunkId, long version, Exception exception);

    [LoggerMessage(EventId = 8110, Level = LogLevel.Warning, Message = "Dropped replica on {NodeName} from the write of chunk {ChunkId} version {Version}: {Reason}")]
    public static partial void ReplicaDropped(ILogger logger, string nodeName, Guid chunkId, long version, string reason);

    [LoggerMessage(EventId = 8111, Level = LogLevel.Warning, Message = "Read of chunk {ChunkId} version {Version} from {NodeName} failed at byte {Position}; trying the next replica: {Reason}")]
    public static partial void ReadFailedOver(ILogger logger, Guid chunkId, long version, string nodeName, long position, string reason);

    [LoggerMessage(EventId = 8112, Level = LogLevel.Warning, Message = "Data-plane URL {Url} is not reachable from other nodes (wildcard host); set Dfs:DataPlaneUrl (EDD_DFS__DATA_PLANE_URL)")]
    public static partial void WildcardAddress(ILogger logger, string url);
}
