namespace EddCloud.Cli.Dfs;

/// <summary>Answer of <c>POST /api/dfs/fsck</c>: what was checked and every problem found (at most 1000; then <see cref="Truncated"/>).</summary>
public sealed record DfsFsckReport(long Files, long Chunks, long ReplicasVerified, long BytesVerified, long UnreferencedReplicas,
    int Errors, int Warnings, IReadOnlyList<DfsProblem> Problems, bool Truncated);

/// <summary>One problem: <see cref="Severity"/> is error (data unreadable or wrong), warning (less safe than wanted) or info.</summary>
public sealed record DfsProblem(string Severity, string Kind, string Detail, string? Path, Guid? ChunkId, string? Node, string? Disk);
