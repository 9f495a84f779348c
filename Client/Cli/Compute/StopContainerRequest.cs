namespace EddCloud.Cli.Compute;

/// <summary>Body of <c>POST /api/containers/{id}/stop</c>: seconds between SIGTERM and SIGKILL (1-300).</summary>
public sealed record StopContainerRequest(int TimeoutSeconds);
