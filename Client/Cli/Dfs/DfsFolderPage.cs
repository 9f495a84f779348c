namespace EddCloud.Cli.Dfs;

/// <summary>One page of a folder listing; pass <see cref="Next"/> as <c>after</c> for the next page.</summary>
public sealed record DfsFolderPage(string Path, IReadOnlyList<DfsEntry> Items, string? Next);

/// <summary>A folder entry: a name, not a path.</summary>
public sealed record DfsEntry(string Name, bool IsFolder);
