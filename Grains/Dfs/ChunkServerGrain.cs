using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Hosting;
using Orleans.Concurrency;

namespace EddCloud.Grains.Dfs;

/// <summary>
/// A node's chunk server. It holds no state: it runs orders on the node's disks through the silo's
/// <see cref="IChunkServerAgent"/>, and only on its own node: placed anywhere else (its node is away), it
/// refuses and deactivates, so the next call finds the node again when it returns.
/// </summary>
[NodePinnedPlacement, Reentrant]
internal sealed class ChunkServerGrain(IChunkServerAgent agent) : Grain, IChunkServerGrain
{
    private static readonly TimeSpan CopyDeadline = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StepDeadline = TimeSpan.FromMinutes(2);

    public async Task<ReplicaCheck> CopyReplicaAsync(ReplicaCopy copy)
    {
        EnsureHome();
        using var deadline = new CancellationTokenSource(CopyDeadline);
        return await agent.CopyReplicaAsync(copy, deadline.Token);
    }

    public async Task DeleteReplicaAsync(Guid chunkId, long version, string diskId)
    {
        EnsureHome();
        using var deadline = new CancellationTokenSource(StepDeadline);
        await agent.DeleteReplicaAsync(chunkId, version, diskId, deadline.Token);
    }

    public async Task<ReplicaCheck> VerifyReplicaAsync(Guid chunkId, long version, string diskId)
    {
        EnsureHome();
        using var deadline = new CancellationTokenSource(StepDeadline);
        return await agent.VerifyReplicaAsync(chunkId, version, diskId, deadline.Token);
    }

    public async Task<ImmutableArray<ReplicaEntry>> ListReplicasAsync()
    {
        EnsureHome();
        using var deadline = new CancellationTokenSource(StepDeadline);
        return await agent.ListReplicasAsync(deadline.Token);
    }

    private void EnsureHome()
    {
        var node = this.GetPrimaryKeyString();
        if (agent.NodeName == node)
            return;
        DeactivateOnIdle();
        throw new EddException(ErrorCodes.Unavailable, $"Node {node} is not in the cluster now; its disks cannot be reached until it returns.");
    }
}
