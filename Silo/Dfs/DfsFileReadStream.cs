using EddCloud.Grains.Dfs;

namespace EddCloud.Silo.Dfs;

/// <summary>
/// A read-only stream over a byte range of a file version, opening each chunk as the reader reaches it.
/// While one chunk is read, the next one's replicas and read tokens are looked up, so moving on costs no
/// grain round trip; no byte of the next chunk is fetched before the reader gets there (a pre-opened
/// response that nobody drains would be cut by the serving node and counted against a healthy replica).
/// </summary>
internal sealed class DfsFileReadStream(DfsFiles files, IReadOnlyList<FileChunk> chunks, long offset, long length) : Stream
{
    private readonly CancellationTokenSource _disposing = new();
    private long _position;
    private Stream? _current;
    private long _currentRemaining;
    private Task<Stream>? _next;
    private bool _disposed;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_position < length)
        {
            if (_current is null || _currentRemaining == 0)
            {
                if (_current is not null)
                    await _current.DisposeAsync();
                _current = null;
                var (index, inChunk) = Locate(offset + _position);
                _currentRemaining = Math.Min(chunks[index].Length - inChunk, length - _position);
                var opening = _next ?? files.OpenChunkAsync(chunks[index], inChunk, _currentRemaining, cancellationToken);
                _next = null;
                _current = await opening;
                var nextStart = _position + _currentRemaining;
                if (nextStart < length)
                    _next = files.OpenChunkAsync(chunks[index + 1], 0, Math.Min(chunks[index + 1].Length, length - nextStart), _disposing.Token);
            }
            var read = await _current.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _currentRemaining)], cancellationToken);
            if (read == 0)
                throw new IOException("A chunk ended before its length; the replica streams failed.");
            _position += read;
            _currentRemaining -= read;
            return read;
        }
        return 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>The chunk holding file byte <paramref name="absolute"/> and the offset inside it.</summary>
    private (int Index, long InChunk) Locate(long absolute)
    {
        long chunkStart = 0;
        for (var i = 0; i < chunks.Count; i++)
        {
            if (absolute < chunkStart + chunks[i].Length)
                return (i, absolute - chunkStart);
            chunkStart += chunks[i].Length;
        }
        throw new IOException($"Byte {absolute} is past the last of the file's {chunks.Count} chunk(s).");
    }

    /// <summary>A next chunk that was looked up but never reached: its stream is closed when the look-up ends.</summary>
    private void DropNext()
    {
        _disposing.Cancel();
        _next?.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        // Observed, so a failed look-up of a chunk nobody reads is not an unobserved task exception.
        _next?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        _next = null;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
            await _current.DisposeAsync();
        _current = null;
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            DropNext();
            _current?.Dispose();
            _current = null;
            _disposing.Dispose();
        }
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
