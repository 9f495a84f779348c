using EddCloud.Grains.Dfs;

namespace EddCloud.Silo.Dfs;

/// <summary>
/// Checks the whole file system: every file's chunks against their metadata, every live replica on its node
/// (a full read when asked), and every node's disks for replicas no file references. Lists every problem
/// it finds (up to <see cref="MaxProblems"/>), each with what to do about it.
/// </summary>
public sealed class DfsFsck(IGrainFactory grains)
{
    public const int MaxProblems = 1000;
    private const int PageSize = 500;

    public async Task<DfsFsckReport> RunAsync(bool verifyReplicas, CancellationToken cancellationToken)
    {
        var problems = new List<DfsProblem>();
        var truncated = false;
        void Problem(string severity, string kind, string detail, string? path = null, Guid? chunk = null, string? node = null, string? disk = null)
        {
            if (problems.Count < MaxProblems)
                problems.Add(new DfsProblem(severity, kind, detail, path, chunk, node, disk));
            else
                truncated = true;
        }

        var nodes = await grains.GetGrain<IDfsClusterGrain>(IDfsClusterGrain.Key).ListNodesAsync();
        var alive = nodes.Where(n => n.Alive).Select(n => n.NodeName).ToHashSet(StringComparer.Ordinal);
        foreach (var down in nodes.Where(n => !n.Alive))
            Problem("warning", "node-down", $"Node {down.NodeName} was last seen {down.LastSeen:u}; its replicas are not served and are copied elsewhere after the node timeout.", node: down.NodeName);

        long files = 0, chunks = 0, replicasChecked = 0, bytesVerified = 0;
        var referenced = new HashSet<(Guid, long)>();
        var folders = new Queue<string>();
        folders.Enqueue("/");
        while (folders.TryDequeue(out var folder))
        {
            string? after = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await grains.GetGrain<IDfsFolderGrain>(folder).ListAsync(after, PageSize);
                foreach (var entry in page)
                {
                    var path = folder == "/" ? "/" + entry.Name.TrimEnd('/') : folder + "/" + entry.Name.TrimEnd('/');
                    if (entry.IsFolder)
                    {
                        folders.Enqueue(path);
                        continue;
                    }
                    var file = await grains.GetGrain<IDfsFileGrain>(path).GetAsync();
                    if (file is null)
                    {
                        Problem("warning", "listing-stale", "The folder lists a file that does not exist; the listing is repaired when the file grain next activates.", path);
                        continue;
                    }
                    files++;
                    foreach (var fileChunk in file.Current.Chunks)
                    {
                        chunks++;
                        var chunk = await grains.GetGrain<IChunkGrain>(fileChunk.ChunkId).GetAsync();
                        if (chunk is null)
                        {
                            Problem("error", "chunk-missing", "The file points at a chunk that is not committed: the file cannot be read. Restore it from a copy.", path, fileChunk.ChunkId);
                            continue;
                        }
                        referenced.Add((chunk.ChunkId, chunk.Version));
                        if (chunk.Length != fileChunk.Length)
                            Problem("error", "chunk-length", $"The chunk holds {chunk.Length} bytes, the file expects {fileChunk.Length}.", path, chunk.ChunkId);
                        var live = chunk.Replicas.Where(r => alive.Contains(r.NodeName)).ToList();
                        if (live.Count == 0)
                            Problem("error", "chunk-unavailable", "No live node holds this chunk: the file cannot be read until one of its nodes returns.", path, chunk.ChunkId);
                        else if (live.Count < chunk.Wanted)
                            Problem("warning", "under-replicated", $"{live.Count} of {chunk.Wanted} replicas are live; repair copies it when a failure domain is free (add nodes or disks if none is).", path, chunk.ChunkId);
                        if (!verifyReplicas)
                            continue;
                        foreach (var replica in live)
                        {
                            replicasChecked++;
                            var check = await VerifyAsync(replica, chunk);
                            bytesVerified += check.Length;
                            if (check.Error is not null)
                                Problem("warning", "replica-unchecked", $"The replica could not be checked: {check.Error}", path, chunk.ChunkId, replica.NodeName, replica.DiskId);
                            else if (!check.Present)
                                Problem("error", "replica-missing", "The metadata lists this replica but its disk does not hold it; report it with a read, or wait for maintenance to repair it.", path, chunk.ChunkId, replica.NodeName, replica.DiskId);
                            else if (!check.BadBlocks.IsEmpty)
                                Problem("error", "replica-corrupt", $"{check.BadBlocks.Length} blocks fail their CRC32C (first: block {check.BadBlocks[0]}); reads skip it and the scrubber reports it for repair.", path, chunk.ChunkId, replica.NodeName, replica.DiskId);
                            else if (check.Length != chunk.Length || check.Crc32C != chunk.Crc32C)
                                Problem("error", "replica-mismatch", "The replica's bytes are whole but differ from the committed length or CRC32C.", path, chunk.ChunkId, replica.NodeName, replica.DiskId);
                        }
                    }
                }
                if (page.Length < PageSize)
                    break;
                after = page[^1].Name;
            }
        }

        long unreferenced = 0;
        foreach (var node in alive)
        {
            var replicas = await ListAsync(node);
            if (replicas is null)
            {
                Problem("warning", "node-unlisted", "The node's disks could not be listed.", node: node);
                continue;
            }
            foreach (var replica in replicas.Where(r => !referenced.Contains((r.ChunkId, r.Version))))
            {
                unreferenced++;
                Problem("info", replica.Committed ? "unreferenced-replica" : "staged-replica",
                    $"No file uses this {(replica.Committed ? "replica" : "staged copy")} ({replica.Length} bytes, {replica.ModifiedAt:u}): an upload in progress, a released version waiting out the grace period, or garbage the next maintenance pass deletes.",
                    chunk: replica.ChunkId, node: node, disk: replica.DiskId);
            }
        }

        return new DfsFsckReport(files, chunks, replicasChecked, bytesVerified, unreferenced,
            problems.Count(p => p.Severity == "error"), problems.Count(p => p.Severity == "warning"), problems, truncated);
    }

    private async Task<ReplicaCheck> VerifyAsync(ReplicaLocation replica, ChunkInfo chunk)
    {
        try
        {
            return await grains.GetGrain<IChunkServerGrain>(replica.NodeName).VerifyReplicaAsync(chunk.ChunkId, chunk.Version, replica.DiskId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ReplicaCheck(false, 0, 0, [], ex.Message);
        }
    }

    private async Task<IReadOnlyList<ReplicaEntry>?> ListAsync(string node)
    {
        try
        {
            return await grains.GetGrain<IChunkServerGrain>(node).ListReplicasAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }
}
