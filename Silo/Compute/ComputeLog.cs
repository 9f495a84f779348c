using Microsoft.Extensions.Logging;

namespace EddCloud.Silo.Compute;

/// <summary>Every log line of Compute; event ids 9000-9099 belong to Compute.</summary>
internal static partial class ComputeLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Starting local Podman engine {Path} on {Socket}")]
    public static partial void EngineStarting(ILogger logger, string path, string socket);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Container engine {ProcessId} answers on {Socket}")]
    public static partial void EngineReady(ILogger logger, int processId, string socket);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Local Podman engine {ProcessId} exited with code {ExitCode}; restarting in {Delay}")]
    public static partial void EngineExited(ILogger logger, int processId, int exitCode, TimeSpan delay);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Error, Message = "Starting the local Podman engine failed (attempt {Attempt}); retrying in {Delay}. Compute is unavailable until it answers")]
    public static partial void EngineStartFailed(ILogger logger, Exception exception, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "Stopping local Podman engine {ProcessId}")]
    public static partial void EngineStopping(ILogger logger, int processId);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Warning, Message = "Local Podman engine {ProcessId} did not stop within {Timeout} of SIGTERM; killing it")]
    public static partial void EngineKilled(ILogger logger, int processId, TimeSpan timeout);

    [LoggerMessage(EventId = 9007, Message = "podman: {Line}")]
    public static partial void EngineOutput(ILogger logger, LogLevel level, string line);

    [LoggerMessage(EventId = 9008, Level = LogLevel.Warning, Message = "Killing Podman engine {ProcessId} left over from an earlier run (pid file {PidFile})")]
    public static partial void StaleEngineKilled(ILogger logger, int processId, string pidFile);

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
