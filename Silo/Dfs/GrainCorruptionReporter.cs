using EddCloud.Grains.Dfs;
using EddCloud.Silo.Dfs.DataPlane;

namespace EddCloud.Silo.Dfs;

/// <summary>Tells the chunk's grain that this node's replica failed its checksums, so it is no longer served.</summary>
public sealed partial class GrainCorruptionReporter(IGrainFactory grains, ILogger<GrainCorruptionReporter> logger) : ICorruptionReporter
{
    public async Task ReportAsync(Guid chunkId, long version, string nodeName, string reason)
    {
        try
        {
            await grains.GetGrain<IChunkGrain>(chunkId).ReportBadReplicaAsync(nodeName, null, $"version {version}: {reason}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The scrubber finds the replica again; a lost report delays the repair, it does not lose data.
            LogReportFailed(logger, chunkId, ex.Message);
        }
    }

    [LoggerMessage(EventId = 8241, Level = LogLevel.Warning, Message = "Could not report corrupt replica of chunk {ChunkId}: {Reason}")]
    private static partial void LogReportFailed(ILogger logger, Guid chunkId, string reason);
}
