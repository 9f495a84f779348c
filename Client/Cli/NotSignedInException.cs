namespace EddCloud.Cli;

/// <summary>No usable credentials for the chosen server; exit code 3.</summary>
public sealed class NotSignedInException(string message, string hint) : Exception(message)
{
    public string Hint { get; } = hint;
}
