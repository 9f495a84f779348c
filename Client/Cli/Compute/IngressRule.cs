namespace EddCloud.Cli.Compute;

/// <summary>A public name routed to a container port: <see cref="Url"/> is https://&lt;name&gt;.&lt;apps domain&gt;&lt;prefix&gt;.</summary>
public sealed record IngressRule(string Name, int Port, string? PathPrefix, string Url, string ContainerId);
