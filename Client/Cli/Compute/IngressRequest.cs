namespace EddCloud.Cli.Compute;

/// <summary>An ingress rule to create: in <see cref="CreateContainerRequest"/>, and the body of <c>POST /api/containers/{id}/ingress</c>.</summary>
public sealed record IngressRequest(string Name, int Port, string? PathPrefix = null);
