namespace EddCloud.Cli.Http;

/// <summary>
/// An RFC 7807 problem as the server sends it (<c>application/problem+json</c>), or as the CLI
/// synthesises it for errors that never reached the server. <see cref="Hint"/> is the CLI's own
/// "what to do next"; the server does not send it.
/// </summary>
public sealed record ApiProblem(
    string? Type,
    string? Title,
    int? Status,
    string? Detail,
    string? Code,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    string? Hint = null);
