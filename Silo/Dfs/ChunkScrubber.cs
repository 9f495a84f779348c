using EddCloud.Grains.Dfs;
using EddCloud.Silo.Dfs.Disks;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs;

/// <summary>
/// Reads every committed replica of this node in turn and checks its blocks, at no more than
/// <see cref="DfsOptions.ScrubBytesPerSecond"/> on average, so bit rot is found before a reader needs the bytes.
/// A bad replica is reported to its chunk, which stops serving it and queues its repair.
/// </summary>
public sealed partial class ChunkScrubber(
    IGrainFactory grains,
    IChunkStore store,
    ChunkServerHeartbeat heartbeat,
    DfsMetrics metrics,
    IOptions<DfsOptions> dfs,
    IOptions<EddOptions> edd,
    TimeProvider time,
    ILogger<ChunkScrubber> logger) : BackgroundService
{

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var rate = dfs.Value.ScrubBytesPerSecond;
        if (rate <= 0)
            return;
        while (heartbeat.View is null)
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetUtcNow();
            try
            {
                await ScrubRoundAsync(rate, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(logger, ex.Message);
            }
            // A round never starts sooner than a maintenance interval after the last one: small stores are not read in a loop.
            var rest = dfs.Value.MaintenanceInterval - (time.GetUtcNow() - started);
            if (rest > TimeSpan.Zero)
                await Task.Delay(rest, time, stoppingToken);
        }
    }

    private async Task ScrubRoundAsync(long bytesPerSecond, CancellationToken cancellationToken)
    {
        var committed = new List<StoredReplica>();
        await foreach (var replica in store.ListAsync(cancellationToken))
        {
            if (replica.Committed)
                committed.Add(replica);
        }
        foreach (var replica in committed)
        {
            var check = await store.VerifyAsync(replica.ChunkId, replica.Version, replica.DiskId, cancellationToken);
            metrics.Scrubbed(check.Length);
            if (check.Present && check.BadBlocks.Count > 0)
            {
                metrics.CorruptFound();
                LogCorrupt(logger, replica.ChunkId, replica.Version, replica.DiskId, check.BadBlocks.Count);
                await grains.GetGrain<IChunkGrain>(replica.ChunkId).ReportBadReplicaAsync(edd.Value.NodeName, replica.DiskId,
                    $"the scrubber found {check.BadBlocks.Count} bad blocks (first {check.BadBlocks[0]})");
            }
            // Pace by what was read: the average stays at the configured rate however large the chunks are.
            var pause = TimeSpan.FromSeconds((double)check.Length / bytesPerSecond);
            if (pause > TimeSpan.Zero)
                await Task.Delay(pause, time, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 8281, Level = LogLevel.Warning, Message = "Scrubber: chunk {ChunkId} version {Version} on disk {DiskId} has {Blocks} bad blocks; reported for repair")]
    private static partial void LogCorrupt(ILogger logger, Guid chunkId, long version, string diskId, int blocks);

    [LoggerMessage(EventId = 8282, Level = LogLevel.Warning, Message = "Scrubber round failed: {Reason}; the next round starts over")]
    private static partial void LogRoundFailed(ILogger logger, string reason);
}
