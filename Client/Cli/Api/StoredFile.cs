namespace EddCloud.Cli.Api;

/// <summary>A file in a namespace; <see cref="Sha256"/> is lowercase hex of the whole content (also the download's ETag).</summary>
public sealed record StoredFile(
    string Path, long Size, string Sha256, string? ContentType, long Version, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt,
    string? UploaderId, string? Uploader);
