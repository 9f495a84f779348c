using System.CommandLine;

namespace EddCloud.Cli;

/// <summary>Options every command accepts.</summary>
public sealed class GlobalOptions
{
    public const string DefaultServer = "http://localhost:8080";

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the raw JSON result (errors as a JSON problem on stderr)",
        Recursive = true,
    };

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"Server URL (default: EDD_SERVER, then the server of `edd login`, then {DefaultServer})",
        Recursive = true,
    };
}
