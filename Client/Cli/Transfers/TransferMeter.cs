using System.Security.Cryptography;

namespace EddCloud.Cli.Transfers;

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
