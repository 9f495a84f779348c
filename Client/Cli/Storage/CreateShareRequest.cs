namespace EddCloud.Cli.Storage;

/// <summary>Body of <c>POST /api/namespaces/{id}/shares</c>; no <see cref="ExpiresInHours"/>: the link does not expire.</summary>
public sealed record CreateShareRequest(string Path, int? ExpiresInHours);
