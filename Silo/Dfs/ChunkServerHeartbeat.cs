using EddCloud.Grains.Dfs;
using EddCloud.Silo.Dfs.DataPlane;
using EddCloud.Silo.Dfs.Disks;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs;

/// <summary>Tells the cluster every few seconds that this node is alive, where its data plane is, and how its disks are.</summary>
public sealed partial class ChunkServerHeartbeat(
    IGrainFactory grains,
    IChunkStore store,
    IOptions<EddOptions> edd,
    DataPlaneAddress dataPlane,
    DfsMetrics metrics,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ChunkServerHeartbeat> logger) : BackgroundService, IReadinessCheck
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private volatile bool _registered;
    private volatile DfsClusterView? _view;

    /// <summary>The cluster view the last heartbeat brought back; null until this node registered.</summary>
    public DfsClusterView? View => _view;

    /// <summary>This node's data-plane address as the cluster knows it.</summary>
    public string DataPlaneUrl => dataPlane.BaseUri.ToString();

    /// <summary>Not ready until the cluster knows this node: before that, no replica could be placed here.</summary>
    public Task<string?> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_registered ? null : "this node has not registered its disks with the file system yet");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The data-plane address is known once the server listens.
        await WhenStartedAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await BeatAsync(stoppingToken);
                _registered = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHeartbeatFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private Task WhenStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Replica counts need a scan of every disk, so they are refreshed once a minute, not every beat.</summary>
    private static readonly TimeSpan CountInterval = TimeSpan.FromMinutes(1);
    private Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _countedAt >= CountInterval)
        {
            var counted = new Dictionary<string, int>(StringComparer.Ordinal);
            await foreach (var replica in store.ListAsync(cancellationToken))
            {
                if (replica.Committed)
                    counted[replica.DiskId] = counted.GetValueOrDefault(replica.DiskId) + 1;
            }
            (_counts, _countedAt) = (counted, time.GetUtcNow());
        }
        var counts = _counts;
        var disks = store.Disks.Select(d => new DiskReport(d.Id, d.CapacityBytes, d.FreeBytes, counts.GetValueOrDefault(d.Id))).ToArray();
        _view = await grains.GetGrain<IDfsClusterGrain>(IDfsClusterGrain.Key)
            .HeartbeatAsync(new NodeHeartbeat(edd.Value.NodeName, DataPlaneUrl, [.. disks], metrics.Snapshot()));
    }

    [LoggerMessage(EventId = 8231, Level = LogLevel.Warning, Message = "DFS heartbeat failed: {Reason}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string reason);
}
