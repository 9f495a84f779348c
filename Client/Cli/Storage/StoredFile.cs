namespace EddCloud.Cli.Storage;

/// <summary>
/// A file in a namespace; <see cref="Sha256"/> is lowercase hex of the whole content (also the download's ETag).
/// <see cref="UploaderId"/> is a GUID on the wire but stays a string, like every id the CLI reads: it only prints ids and sends them back.
/// </summary>
public sealed record StoredFile(
    string Path, long Size, string Sha256, string ContentType, long Version, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt,
    string? UploaderId, string? Uploader);
