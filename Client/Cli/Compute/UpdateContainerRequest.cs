namespace EddCloud.Cli.Compute;

/// <summary>Body of <c>PATCH /api/containers/{id}</c>: only what changes is sent (nulls are left out).</summary>
public sealed record UpdateContainerRequest(IReadOnlyList<string>? AllowedKeys = null, string? RestartPolicy = null);
