namespace EddCloud.Cli;

/// <summary>An expected error the user can fix: printed as <c>error: ...</c> and a hint, exit code 1.</summary>
public sealed class CliUsageException(string message, string? hint = null) : Exception(message)
{
    public string? Hint { get; } = hint;
}
