using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Dfs;

/// <summary>An upload body that kills a node with SIGKILL once <paramref name="killAt"/> bytes were sent.</summary>
public sealed class KillAfterStream(Stream inner, long killAt, SiloProcess victim) : Stream
{
    private long _sent;
    public bool Killed { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!Killed && _sent >= killAt)
        {
            await victim.KillAsync();
            Killed = true;
        }
        var n = await inner.ReadAsync(buffer, cancellationToken);
        _sent += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => _sent; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
