using System.Security.Cryptography;

namespace EddCloud.Cli.Dfs;

/// <summary>Counts and hashes the bytes of one transfer as they pass, feeding the progress bar and the stall watchdog.</summary>
public sealed class TransferMeter(TransferProgress progress, StallWatchdog watchdog) : IDisposable
{
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _hex;

    public long Bytes { get; private set; }

    public TransferProgress Progress => progress;

    public void Record(ReadOnlySpan<byte> data)
    {
        if (_hex is not null)
        {
            throw new InvalidOperationException("The hash was already taken.");
        }

        if (data.IsEmpty)
        {
            return;
        }

        _sha256.AppendData(data);
        Bytes += data.Length;
        watchdog.Touch();
        progress.Report(Bytes);
    }

    /// <summary>Lowercase hex SHA-256 of everything recorded; ends the recording (later calls return the same value).</summary>
    public string Sha256Hex() => _hex ??= Convert.ToHexStringLower(_sha256.GetHashAndReset());

    public void Dispose() => _sha256.Dispose();
}

/// <summary>
/// A read-only, forward-only view of a source that records every byte read: the request body of an
/// upload, so what is hashed is exactly what the HTTP stack sent. It cannot seek, so the HTTP stack
/// can never silently send it twice.
/// </summary>
public sealed class MeteredReadStream(Stream source, TransferMeter meter) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => meter.Bytes;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = source.Read(buffer);
        meter.Record(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken);
        meter.Record(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
