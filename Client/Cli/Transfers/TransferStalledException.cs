namespace EddCloud.Cli.Transfers;

/// <summary>The <see cref="StallWatchdog"/> cancelled a transfer: nothing moved for too long. Exit code 2.</summary>
public sealed class TransferStalledException(string message, Exception inner) : Exception(message, inner);
