namespace EddCloud.Cli.Dfs;

/// <summary>The <see cref="StallWatchdog"/> cancelled a transfer: nothing moved for too long. Exit code 2.</summary>
public sealed class DfsStalledException(string message, Exception inner) : Exception(message, inner);
