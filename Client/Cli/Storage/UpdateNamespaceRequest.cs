namespace EddCloud.Cli.Storage;

/// <summary>Body of <c>PATCH /api/namespaces/{id}</c>: only what changes is sent (nulls are left out).</summary>
public sealed record UpdateNamespaceRequest(string? Name = null, string? Visibility = null);
