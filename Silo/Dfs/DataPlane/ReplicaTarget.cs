namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>
/// One replica to write to or read from: the node, its data-plane base URL, the disk, and the
/// token for this chunk version (the token names the chunk and version, so the URL is built from it).
/// </summary>
public sealed record ReplicaTarget(string NodeName, Uri DataPlane, string DiskId, string Token)
{
    public override string ToString() => $"{NodeName} ({DataPlane}, disk {DiskId})";
}
