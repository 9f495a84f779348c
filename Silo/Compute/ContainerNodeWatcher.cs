using EddCloud.Grains.Compute;
using EddCloud.Silo.Compute.Engine;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Compute;

/// <summary>
/// Every <see cref="ComputeOptions.WatchInterval"/>: reports this node (CPUs, memory, whether it has an engine) to
/// the scheduler, lists the engine's containers of this node and tells each container grain what it saw, so a
/// container that died (or came back, or ran on while the silo was down) is noticed within one interval. A container
/// no grain wants here (deleted while the node was away, or a create that crashed) is removed.
/// </summary>
public sealed class ContainerNodeWatcher(
    IGrainFactory grains,
    ContainerEngine engine,
    PodmanServiceSupervisor supervisor,
    IOptions<ComputeOptions> options,
    IOptions<EddOptions> edd,
    ILogger<ContainerNodeWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.WatchInterval;
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await WatchOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                ComputeLog.WatchFailed(logger, exception, interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task WatchOnceAsync(CancellationToken cancellationToken)
    {
        var node = edd.Value.NodeName;
        var report = new NodeReport(node, Environment.ProcessorCount, TotalMemoryBytes(), supervisor.UnavailableReason is null);
        var placed = await grains.GetGrain<IComputeNodesGrain>(0).ReportAsync(report).WaitAsync(cancellationToken);

        // A node without containers leaves its (local) engine unstarted.
        if (placed == 0 && !supervisor.InUse)
            return;

        foreach (var listing in await engine.ListAsync(node, cancellationToken))
        {
            if (!Guid.TryParseExact(listing.Id, "N", out var id))
                continue;
            var wanted = await grains.GetGrain<IContainerGrain>(id).ObserveAsync(node, listing.Running).WaitAsync(cancellationToken);
            if (!wanted)
            {
                ComputeLog.OrphanRemoved(logger, listing.Id);
                await engine.RemoveAsync(listing.Id, cancellationToken);
            }
        }
    }

    /// <summary>The machine's memory (what the GC sees as available to the process, which is the host's without a limit).</summary>
    private static long TotalMemoryBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
}
