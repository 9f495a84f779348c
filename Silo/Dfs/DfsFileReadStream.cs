using EddCloud.Grains.Dfs;

namespace EddCloud.Silo.Dfs;

/// <summary>A read-only stream over a byte range of a file version, opening each chunk as the reader reaches it.</summary>
internal sealed class DfsFileReadStream(DfsFiles files, IReadOnlyList<FileChunk> chunks, long offset, long length) : Stream
{
    private long _position;
    private int _chunkIndex = -1;
    private Stream? _current;
    private long _currentRemaining;

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
                _current = await OpenNextAsync(cancellationToken);
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

    private async Task<Stream> OpenNextAsync(CancellationToken cancellationToken)
    {
        // Find the chunk holding the next byte and the offset inside it.
        var absolute = offset + _position;
        long chunkStart = 0;
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            if (absolute < chunkStart + chunk.Length)
            {
                _chunkIndex = i;
                var inChunk = absolute - chunkStart;
                _currentRemaining = Math.Min(chunk.Length - inChunk, length - _position);
                return await files.OpenChunkAsync(chunk, inChunk, _currentRemaining, cancellationToken);
            }
            chunkStart += chunk.Length;
        }
        throw new IOException($"Byte {absolute} is past the last chunk (index {_chunkIndex}).");
    }

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
            await _current.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _current?.Dispose();
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
