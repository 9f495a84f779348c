namespace EddCloud.Cli.Dfs;

/// <summary>Answer of <c>PUT /api/dfs/files/{path}</c>: the new version and how many replicas its least-replicated chunk got.</summary>
public sealed record DfsWriteResult(DfsFile File, int Replicas, int ReplicationFactor, bool UnderReplicated);
