using System.Collections.Immutable;
using Orleans.Concurrency;

namespace EddCloud.Grains.Dfs;

/// <summary>
/// The cluster's repair queue (singleton, key "repair"): chunks short of replicas are copied, the most
/// endangered first, a few at a time and within a byte rate. The queue lives in memory: the nodes'
/// maintenance passes and bad-replica reports fill it again after a restart.
/// </summary>
[Alias("edd.dfs.IDfsRepairGrain")]
public interface IDfsRepairGrain : IGrainWithStringKey
{
    public const string Key = "repair";

    [Alias("enqueue")] Task EnqueueAsync(ImmutableArray<RepairRequest> requests);

    [Alias("status"), AlwaysInterleave] Task<DfsRepairStatus> GetStatusAsync();
}
