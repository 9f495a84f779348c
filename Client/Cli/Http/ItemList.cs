namespace EddCloud.Cli.Http;

/// <summary>An unpaged list answer: <c>{ items: [...] }</c>.</summary>
public sealed record ItemList<T>(IReadOnlyList<T> Items);
