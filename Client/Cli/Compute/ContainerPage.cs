namespace EddCloud.Cli.Compute;

/// <summary>One keyset page of containers, by name; pass <see cref="Next"/> as <c>after</c> for the next page.</summary>
public sealed record ContainerPage(IReadOnlyList<Container> Items, string? Next);
