namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>Opens [offset, offset+length) of one replica as a stream (by default through the data plane).</summary>
public delegate Task<Stream> OpenReplicaRange(ReplicaTarget replica, long offset, long length, CancellationToken cancellationToken);

/// <summary>
/// Reads [offset, offset+length) of one chunk from an ordered list of replicas. When the serving
/// replica fails (unreachable, refused, corrupt, short body, or silent for a step timeout) it tells
/// <c>onReplicaFailed</c> and reopens the next replica at exactly the byte it had reached, so no byte
/// is lost or repeated. When every replica has failed it throws an <see cref="IOException"/> naming them.
/// An <see cref="OpenReplicaRange"/> may open some replicas another way (this node's own, straight from its
/// store); failover treats every replica alike.
/// </summary>
public sealed class ChunkReadStream : Stream
{
    private readonly DataPlaneClient _client;
    private readonly IReadOnlyList<ReplicaTarget> _replicas;
    private readonly long _offset;
    private readonly long _length;
    private readonly TimeSpan _stepTimeout;
    private readonly Action<ReplicaTarget, string>? _onReplicaFailed;
    private readonly OpenReplicaRange _open;
    private readonly List<string> _failures = [];
    private readonly Guid _chunkId;
    private readonly long _version;
    private int _replica;
    private long _position;
    private Stream? _current;

    public ChunkReadStream(DataPlaneClient client, IReadOnlyList<ReplicaTarget> replicas, long offset, long length, TimeSpan stepTimeout,
        Action<ReplicaTarget, string>? onReplicaFailed = null, OpenReplicaRange? open = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(replicas);
        if (replicas.Count == 0)
            throw new ArgumentException("A chunk read needs at least one replica.", nameof(replicas));
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stepTimeout, TimeSpan.Zero);
        (_client, _replicas, _offset, _length, _stepTimeout, _onReplicaFailed) = (client, replicas, offset, length, stepTimeout, onReplicaFailed);
        (_chunkId, _version) = DataPlaneTokens.ReadAddress(replicas[0].Token);
        _open = open ?? client.OpenReadAsync;
    }

    /// <summary>The replica serving the read now (null once all failed).</summary>
    public ReplicaTarget? CurrentReplica => _replica < _replicas.Count ? _replicas[_replica] : null;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;
    public override long Position { get => _position; set => throw new NotSupportedException("A chunk read only goes forward."); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var remaining = _length - _position;
        if (remaining == 0 || buffer.IsEmpty)
            return 0;
        if (buffer.Length > remaining)
            buffer = buffer[..(int)remaining];

        while (true)
        {
            if (_replica >= _replicas.Count)
                throw new IOException($"Reading chunk {_chunkId:N} version {_version} failed on all {_replicas.Count} replica(s) at byte {_offset + _position}: {string.Join("; ", _failures)}");
            var target = _replicas[_replica];
            using var step = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            step.CancelAfter(_stepTimeout);
            try
            {
                _current ??= await _open(target, _offset + _position, remaining, step.Token);
                var read = await _current.ReadAsync(buffer, step.Token);
                if (read == 0)
                    throw new IOException($"the body ended {remaining} bytes early");
                _position += read;
                return read;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                var reason = e is OperationCanceledException && step.IsCancellationRequested
                    ? $"no data for {_stepTimeout.TotalSeconds:0.###} s (stalled)"
                    : e.Message;
                await FailCurrentAsync(target, reason);
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    private async Task FailCurrentAsync(ReplicaTarget target, string reason)
    {
        if (_current is not null)
            await _current.DisposeAsync();
        _current = null;
        _replica++;
        _failures.Add($"{target.NodeName}: {reason}");
        DataPlaneLog.ReadFailedOver(_client.Logger, _chunkId, _version, target.NodeName, _offset + _position, reason);
        _onReplicaFailed?.Invoke(target, reason);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _current?.Dispose();
        _current = null;
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
            await _current.DisposeAsync();
        _current = null;
        await base.DisposeAsync();
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A chunk read only goes forward.");
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
