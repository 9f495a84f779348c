namespace EddCloud.Cli.Transfers;

/// <summary>
/// The bytes do not match their SHA-256 (or size, or range): an upload the server stored differently,
/// or a download that is not the file. Exit code 1, problem code <c>checksum_mismatch</c>.
/// </summary>
public sealed class TransferIntegrityException(string message, string hint) : Exception(message)
{
    public string Hint { get; } = hint;
}
