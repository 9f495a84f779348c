using System.Diagnostics;
using System.IO.Hashing;
using System.IO.Pipelines;

namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>
/// Writes one chunk to all its replicas at once. Each replica gets its own streaming PUT fed by a
/// small bounded pipe, so no whole chunk is ever buffered; every <see cref="WriteAsync"/> hands the
/// same bytes to every live replica and waits (at most one step timeout) until each has room again.
/// A replica that stalls past the step timeout or whose request fails is dropped with its reason and
/// the others go on. The coordinator computes its own length and CRC32C to compare the answers with.
/// </summary>
public sealed partial class ChunkFanOutWriter : IAsyncDisposable
{
    // Per replica at most about this much is in flight in memory (plus one WriteAsync's data).
    private const int PauseWriterThreshold = 1024 * 1024;
    private const int SegmentSize = 256 * 1024;

    private readonly Replica[] _replicas;
    private readonly TimeSpan _stepTimeout;
    private readonly ILogger _logger;
    private readonly Guid _chunkId;
    private readonly long _version;
    private readonly Crc32 _crc = new(Crc32ParameterSet.Crc32C);
    private long _length;
    private bool _completed;
    private bool _disposed;

    private ChunkFanOutWriter(Replica[] replicas, TimeSpan stepTimeout, ILogger logger, Guid chunkId, long version)
    {
        _replicas = replicas;
        _stepTimeout = stepTimeout;
        _logger = logger;
        _chunkId = chunkId;
        _version = version;
    }

    /// <summary>Opens one streaming stage request per target; bytes flow as <see cref="WriteAsync"/> is called.</summary>
    public static ChunkFanOutWriter Start(DataPlaneClient client, IReadOnlyList<ReplicaTarget> targets, TimeSpan stepTimeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
            throw new ArgumentException("A chunk needs at least one replica to write to.", nameof(targets));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stepTimeout, TimeSpan.Zero);
        var (chunkId, version) = DataPlaneTokens.ReadAddress(targets[0].Token);
        var replicas = targets.Select(target => Replica.Start(client, target, ct)).ToArray();
        return new ChunkFanOutWriter(replicas, stepTimeout, client.Logger, chunkId, version);
    }

    /// <summary>Bytes written so far.</summary>
    public long Length => _length;

    /// <summary>Replicas still taking part in the write.</summary>
    public int LiveReplicas => _replicas.Count(r => r.Live);

    /// <summary>
    /// Hands <paramref name="data"/> to every live replica and returns when each has room for more
    /// (the data is copied; the caller may reuse its buffer). Never fails because of a replica: a failing
    /// replica is dropped. Throws only when <paramref name="ct"/> is cancelled.
    /// </summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            throw new InvalidOperationException("The write was already completed.");
        if (data.IsEmpty)
            return;
        _crc.Append(data.Span);
        _length += data.Length;

        List<(Replica Replica, Task<FlushResult> Flush)>? pending = null;
        foreach (var replica in _replicas)
        {
            if (!replica.Live)
                continue;
            if (replica.Answer.IsCompleted)
            {
                Drop(replica, "the replica ended its request before the body was complete");
                continue;
            }
            ValueTask<FlushResult> flush;
            try
            {
                flush = replica.Pipe.Writer.WriteAsync(data, CancellationToken.None);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                Drop(replica, e.Message);
                continue;
            }
            if (flush.IsCompletedSuccessfully)
                Check(replica, flush.Result);
            else
                (pending ??= []).Add((replica, flush.AsTask()));
        }
        if (pending is null)
            return;

        // One deadline for the step, not one per replica: a write never waits longer than StepTimeout.
        var started = Stopwatch.GetTimestamp();
        foreach (var (replica, flush) in pending)
        {
            var remaining = _stepTimeout - Stopwatch.GetElapsedTime(started);
            try
            {
                Check(replica, await flush.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, ct));
            }
            catch (TimeoutException)
            {
                Drop(replica, $"it accepted no data for {_stepTimeout.TotalSeconds:0.###} s (stalled)");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Drop(replica, e.Message);
            }
        }
    }

    /// <summary>
    /// Ends every live replica's body, waits (at most one step timeout) for their answers, and
    /// returns the coordinator's length and CRC32C with each replica's outcome, in target order.
    /// </summary>
    public async Task<FanOutResult> CompleteAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            throw new InvalidOperationException("The write was already completed.");
        _completed = true;
        foreach (var replica in _replicas.Where(r => r.Live))
            await replica.Pipe.Writer.CompleteAsync();

        var outcomes = await Task.WhenAll(_replicas.Select(replica => OutcomeAsync(replica, ct)));
        return new FanOutResult(_length, _crc.GetCurrentHashAsUInt32(), outcomes);
    }

    private async Task<ReplicaWriteOutcome> OutcomeAsync(Replica replica, CancellationToken ct)
    {
        if (replica.Live)
        {
            try
            {
                await replica.Answer.WaitAsync(_stepTimeout, ct);
            }
            catch (TimeoutException)
            {
                Drop(replica, $"it did not confirm the write within {_stepTimeout.TotalSeconds:0.###} s");
            }
        }
        if (replica.Live && replica.Answer.Result is { Staged: { } staged })
            return new ReplicaWriteOutcome.Prepared(replica.Target, staged.Length, staged.Crc32C);
        if (replica.Live)
            Drop(replica, replica.Answer.Result.Error ?? "no answer");
        return new ReplicaWriteOutcome.Failed(replica.Target, replica.FailureReason());
    }

    private void Check(Replica replica, FlushResult result)
    {
        if (result.IsCompleted || result.IsCanceled)
            Drop(replica, "the replica stopped taking the body");
    }

    private void Drop(Replica replica, string reason)
    {
        if (!replica.Live)
            return;
        replica.Fail(reason);
        DataPlaneLog.ReplicaDropped(_logger, replica.Target.NodeName, _chunkId, _version, replica.FailureReason());
    }

    /// <summary>Cancels the requests of a write that was not completed (the replicas discard what they staged).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var replica in _replicas)
        {
            if (!_completed && replica.Live)
                replica.Fail("the write was abandoned");
            else if (!replica.Answer.IsCompleted)
                replica.Cancel();
        }
        // Answers never fault; waiting here means no request outlives the writer.
        await Task.WhenAll(_replicas.Select(r => r.Answer));
        foreach (var replica in _replicas)
            replica.Dispose();
    }
}
