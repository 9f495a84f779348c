namespace EddCloud.Silo.Dfs.Disks;

/// <summary>Where this node keeps its chunk replicas.</summary>
public sealed class DfsStorageOptions
{
    public const string Section = "Dfs";

    /// <summary>The size of a checksummed block inside a replica file, in bytes. Fixed: it is part of the file format.</summary>
    public const int BlockSize = 64 * 1024;

    /// <summary>
    /// Absolute paths of the chunk directories; each is one disk (one failure domain) with its own stable id.
    /// Empty: <c>&lt;DataDirectory&gt;/chunks</c>.
    /// </summary>
    public IList<string> ChunkDirectories { get; } = new List<string>();

    /// <summary>Free space, in bytes, that staging never eats into; a stage that could drop below it is refused.</summary>
    public long ReserveBytes { get; set; } = 1L << 30;
}
