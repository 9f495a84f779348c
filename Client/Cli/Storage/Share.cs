namespace EddCloud.Cli.Storage;

/// <summary>A share link to one file; <see cref="Url"/> is only in the answer that created it.</summary>
public sealed record Share(
    string Id, string NamespaceId, string Path, string? Url, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string CreatedBy);
