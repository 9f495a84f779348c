namespace EddCloud.Cli.Storage;

/// <summary>Body of <c>POST /api/namespaces</c>.</summary>
public sealed record CreateNamespaceRequest(string Name, string Visibility);
