namespace EddCloud.Cli.Dfs;

/// <summary>A file's committed version as <c>/api/dfs</c> describes it; <see cref="Sha256"/> is lowercase hex of the whole content.</summary>
public sealed record DfsFile(string Path, long Version, long Size, string Sha256, int Chunks, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt);
