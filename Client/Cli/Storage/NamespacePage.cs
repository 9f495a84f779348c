namespace EddCloud.Cli.Storage;

/// <summary>One keyset page of namespaces, by name; pass <see cref="Next"/> as <c>after</c> for the next page.</summary>
public sealed record NamespacePage(IReadOnlyList<StorageNamespace> Items, string? Next);
