namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>
/// The end of one chunk's fan-out write: what the coordinator itself sent (length and CRC32C) and,
/// per replica in target order, what it prepared or why it was dropped.
/// </summary>
public sealed record FanOutResult(long Length, uint Crc32C, IReadOnlyList<ReplicaWriteOutcome> Replicas)
{
    /// <summary>The replicas that staged exactly the bytes the coordinator sent: the ones a commit may count.</summary>
    public IEnumerable<ReplicaWriteOutcome.Prepared> Matching =>
        Replicas.OfType<ReplicaWriteOutcome.Prepared>().Where(p => p.Length == Length && p.Crc32C == Crc32C);
}

/// <summary>One replica's part in a fan-out write.</summary>
public abstract record ReplicaWriteOutcome(ReplicaTarget Target)
{
    /// <summary>The replica staged and fsynced <paramref name="Length"/> bytes with this CRC32C.</summary>
    public sealed record Prepared(ReplicaTarget Target, long Length, uint Crc32C) : ReplicaWriteOutcome(Target);

    /// <summary>The replica was dropped from the write (dead, refused, stalled) and holds no usable copy.</summary>
    public sealed record Failed(ReplicaTarget Target, string Reason) : ReplicaWriteOutcome(Target);
}
