namespace EddCloud.Cli;

/// <summary>The exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>
    /// The server said no (validation, forbidden, not found, conflict...) or the command line was wrong; also a
    /// check that ran and found errors (<c>edd dfs fsck</c>), which prints its report on stdout, not an error on stderr.
    /// </summary>
    public const int Failed = 1;

    /// <summary>No answer from the server: connection refused, DNS, TLS, timeout.</summary>
    public const int Unreachable = 2;

    /// <summary>No usable credentials, or the server answered 401.</summary>
    public const int NotSignedIn = 3;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
