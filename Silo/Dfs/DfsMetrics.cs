using System.Diagnostics.Metrics;
using EddCloud.Grains.Dfs;

namespace EddCloud.Silo.Dfs;

/// <summary>
/// This node's file-system counters, as <see cref="Meter"/> instruments ("EddCloud.Dfs", for the monitor)
/// and as totals the heartbeat carries to the cluster, which turns them into rates for `edd dfs status`.
/// </summary>
public sealed class DfsMetrics : IDisposable
{
    public const string MeterName = "EddCloud.Dfs";

    private readonly Meter _meter;
    private readonly Counter<long> _bytesIn, _bytesOut, _gcBytes, _gcReplicas, _scrubbed, _corrupt, _repairBytes;
    private long _totalIn, _totalOut, _totalGcBytes, _totalGcReplicas, _totalScrubbed, _totalCorrupt, _totalRepairBytes;

    public DfsMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _bytesIn = _meter.CreateCounter<long>("edd.dfs.bytes_in", "By", "Chunk bytes this node stored (writes and repairs).");
        _bytesOut = _meter.CreateCounter<long>("edd.dfs.bytes_out", "By", "Chunk bytes this node served to readers.");
        _gcBytes = _meter.CreateCounter<long>("edd.dfs.gc.reclaimed_bytes", "By", "Bytes of garbage replicas deleted.");
        _gcReplicas = _meter.CreateCounter<long>("edd.dfs.gc.reclaimed_replicas", "{replica}", "Garbage replicas deleted.");
        _scrubbed = _meter.CreateCounter<long>("edd.dfs.scrub.bytes", "By", "Bytes the scrubber verified.");
        _corrupt = _meter.CreateCounter<long>("edd.dfs.scrub.corrupt_replicas", "{replica}", "Replicas found corrupt by the scrubber or a read.");
        _repairBytes = _meter.CreateCounter<long>("edd.dfs.repair.bytes", "By", "Bytes copied onto this node to repair chunks.");
    }

    public void BytesIn(long bytes) => Add(_bytesIn, ref _totalIn, bytes);

    public void BytesOut(long bytes) => Add(_bytesOut, ref _totalOut, bytes);

    public void Reclaimed(long bytes)
    {
        Add(_gcBytes, ref _totalGcBytes, bytes);
        Add(_gcReplicas, ref _totalGcReplicas, 1);
    }

    public void Scrubbed(long bytes) => Add(_scrubbed, ref _totalScrubbed, bytes);

    public void CorruptFound() => Add(_corrupt, ref _totalCorrupt, 1);

    public void RepairCopied(long bytes) => Add(_repairBytes, ref _totalRepairBytes, bytes);

    public DfsNodeCounters Snapshot() => new(
        Interlocked.Read(ref _totalIn), Interlocked.Read(ref _totalOut), Interlocked.Read(ref _totalGcBytes), Interlocked.Read(ref _totalGcReplicas),
        Interlocked.Read(ref _totalScrubbed), Interlocked.Read(ref _totalCorrupt), Interlocked.Read(ref _totalRepairBytes));

    public void Dispose() => _meter.Dispose();

    private static void Add(Counter<long> counter, ref long total, long value)
    {
        if (value <= 0)
            return;
        counter.Add(value);
        Interlocked.Add(ref total, value);
    }
}
