namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>Told when a read or verify on this node finds a replica whose bytes fail their CRC32C, so it can be repaired.</summary>
public interface ICorruptionReporter
{
    /// <summary>Records that this node's replica of (chunk, version) is corrupt; must not throw for a lost report.</summary>
    Task ReportAsync(Guid chunkId, long version, string nodeName, string reason);
}
