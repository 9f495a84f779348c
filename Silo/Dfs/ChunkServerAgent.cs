using System.Collections.Immutable;
using EddCloud.Grains.Dfs;
using EddCloud.Silo.Dfs.DataPlane;
using EddCloud.Silo.Dfs.Disks;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs;

/// <summary>This node's disks as <see cref="IChunkServerGrain"/> drives them: repair copies come in over the data plane.</summary>
public sealed partial class ChunkServerAgent(
    IChunkStore store,
    DataPlaneClient dataPlane,
    DataPlaneTokens tokens,
    DfsMetrics metrics,
    IOptions<EddOptions> edd,
    IOptions<DataPlaneOptions> dataPlaneOptions,
    ILogger<ChunkServerAgent> logger) : IChunkServerAgent
{
    public string NodeName => edd.Value.NodeName;

    public async Task<ReplicaCheck> CopyReplicaAsync(ReplicaCopy copy, CancellationToken cancellationToken)
    {
        if (copy.Sources.IsDefaultOrEmpty)
            return new ReplicaCheck(false, 0, 0, [], "no source replica to copy from");
        // Sources in random order spread repair reads; the read fails over between them at the exact byte.
        var sources = await Task.WhenAll(copy.Sources.OrderBy(_ => Random.Shared.Next()).Select(async s => new ReplicaTarget(s.NodeName, new Uri(s.DataPlaneUrl), s.DiskId,
            await tokens.IssueAsync(new DataPlaneGrant(copy.ChunkId, copy.Version, DataPlaneAccess.Read, s.DiskId, null, s.NodeName)))));
        try
        {
            await using var source = new ChunkReadStream(dataPlane, sources, 0, copy.Length, dataPlaneOptions.Value.StepTimeout);
            var staged = await store.StageAsync(copy.ChunkId, copy.Version, copy.DiskId, source, copy.Length, cancellationToken);
            if (staged.Length != copy.Length || staged.Crc32C != copy.Crc32C)
            {
                await store.RemoveFromDiskAsync(copy.ChunkId, copy.Version, copy.DiskId, CancellationToken.None);
                return new ReplicaCheck(false, staged.Length, staged.Crc32C, [], "the copied bytes differ from the committed length or CRC32C");
            }
            await store.CommitAsync(copy.ChunkId, copy.Version, cancellationToken);
            metrics.RepairCopied(staged.Length);
            LogCopied(logger, copy.ChunkId, copy.Version, copy.DiskId, staged.Length);
            return new ReplicaCheck(true, staged.Length, staged.Crc32C, [], null);
        }
        catch (Exception ex) when (ex is IOException or ChunkStoreException or HttpRequestException or DataPlaneException or OperationCanceledException)
        {
            await store.RemoveFromDiskAsync(copy.ChunkId, copy.Version, copy.DiskId, CancellationToken.None);
            return new ReplicaCheck(false, 0, 0, [], ex.Message);
        }
    }

    public Task DeleteReplicaAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken) =>
        store.RemoveFromDiskAsync(chunkId, version, diskId, cancellationToken);

    public async Task<ReplicaCheck> VerifyReplicaAsync(Guid chunkId, long version, string diskId, CancellationToken cancellationToken)
    {
        try
        {
            var check = await store.VerifyAsync(chunkId, version, diskId, cancellationToken);
            return new ReplicaCheck(check.Present, check.Length, check.Crc32C, [.. check.BadBlocks], null);
        }
        catch (Exception ex) when (ex is IOException or ChunkStoreException)
        {
            return new ReplicaCheck(false, 0, 0, [], ex.Message);
        }
    }

    public async Task<ImmutableArray<ReplicaEntry>> ListReplicasAsync(CancellationToken cancellationToken)
    {
        var entries = ImmutableArray.CreateBuilder<ReplicaEntry>();
        await foreach (var replica in store.ListAsync(cancellationToken))
            entries.Add(new ReplicaEntry(replica.ChunkId, replica.Version, replica.DiskId, replica.Committed, replica.Length, replica.ModifiedAt));
        return entries.ToImmutable();
    }

    [LoggerMessage(EventId = 8261, Level = LogLevel.Information, Message = "Chunk {ChunkId} version {Version} copied onto disk {DiskId} ({Length} bytes) to repair it")]
    private static partial void LogCopied(ILogger logger, Guid chunkId, long version, string diskId, long length);
}
