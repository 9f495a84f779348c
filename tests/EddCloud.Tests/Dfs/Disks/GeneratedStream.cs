using System.IO.Hashing;

namespace EddCloud.Tests.Dfs.Disks;

/// <summary>
/// A long input that is never in memory: pseudo-random bytes from a small seed buffer with a changing rotation.
/// Keeps the CRC32C of what it handed out, to compare with the store's, and on request its SHA-256.
/// </summary>
internal sealed class GeneratedStream(long length, int seed, bool sha256 = false) : Stream
{
    private readonly byte[] pattern = ChunkStoreSandbox.RandomBytes(1 << 20, seed);
    private readonly Crc32 crc = new(Crc32ParameterSet.Crc32C);
    private readonly System.Security.Cryptography.IncrementalHash? sha = sha256 ? System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256) : null;
    private long position;

    public uint Crc32C => crc.GetCurrentHashAsUInt32();

    /// <summary>The SHA-256 (lower-case hex) of what was read so far; only when asked for at construction.</summary>
    public string Sha256 => Convert.ToHexStringLower(sha?.GetCurrentHash() ?? throw new InvalidOperationException("Construct with sha256: true."));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Each pass over the pattern starts at a different place, so no two MiB of the input are alike.
        var pass = (int)(position / pattern.Length);
        var within = (int)(position % pattern.Length);
        var start = (within + (pass * 7919)) % pattern.Length;
        var count = (int)Math.Min(Math.Min(buffer.Length, pattern.Length - within), length - position);
        count = Math.Min(count, pattern.Length - start);
        pattern.AsSpan(start, count).CopyTo(buffer);
        crc.Append(buffer[..count]);
        sha?.AppendData(buffer[..count]);
        position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
