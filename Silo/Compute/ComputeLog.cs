using Microsoft.Extensions.Logging;

namespace EddCloud.Silo.Compute;

/// <summary>Every log line of Compute; event ids 9000-9099 belong to Compute.</summary>
internal static partial class ComputeLog
{
    [LoggerMessage(EventId = 9009, Level = LogLevel.Warning, Message = "Compute is unavailable: {Reason}")]
    public static partial void EngineUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "Compute uses the container engine at {Socket} ({Origin})")]
    public static partial void EngineExternal(ILogger logger, string socket, string origin);

    [LoggerMessage(EventId = 9020, Level = LogLevel.Information, Message = "Created container {ContainerId} ({EngineId}) from {Image}: {Cpus} CPUs, {MemoryBytes} bytes, {PidsLimit} pids")]
    public static partial void ContainerCreated(ILogger logger, string containerId, string engineId, string image, decimal cpus, long memoryBytes, long pidsLimit);

    [LoggerMessage(EventId = 9021, Level = LogLevel.Information, Message = "Container {ContainerId}: {Action}")]
    public static partial void ContainerAction(ILogger logger, string containerId, string action);

    [LoggerMessage(EventId = 9030, Level = LogLevel.Warning, Message = "Removing container {ContainerId} from this node: no container grain wants it here")]
    public static partial void OrphanRemoved(ILogger logger, string containerId);

    [LoggerMessage(EventId = 9031, Level = LogLevel.Warning, Message = "Watching this node's containers failed; trying again in {Interval}")]
    public static partial void WatchFailed(ILogger logger, Exception exception, TimeSpan interval);
}
