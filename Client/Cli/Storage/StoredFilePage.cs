namespace EddCloud.Cli.Storage;

/// <summary>One page of a namespace listing: files, and (listing one folder) the sub-folders in it.</summary>
public sealed record StoredFilePage(IReadOnlyList<StoredFile> Items, IReadOnlyList<string> Folders, string? Next);
