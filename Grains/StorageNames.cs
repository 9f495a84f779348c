namespace EddCloud.Grains;

/// <summary>Names of the Orleans providers the grains depend on; the silo registers them.</summary>
public static class StorageNames
{
    /// <summary>The durable grain-state store (SQLite on one node, PostgreSQL in a cluster).</summary>
    public const string Default = "edd";
}
