namespace EddCloud.Cli.Storage;

/// <summary>A namespace: a named set of files with one owner and a <see cref="Visibility"/> (private, visible or public).</summary>
public sealed record StorageNamespace(
    string Id, string Name, string OwnerId, string Owner, string Visibility, DateTimeOffset CreatedAt, long UsedBytes);
