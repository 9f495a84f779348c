using EddCloud.Grains.Compute;

namespace EddCloud.Edge.Ssh;

/// <summary>The container a login names, once the key is allowed on it.</summary>
public sealed record SshGatewayTarget(Guid ContainerId, string Name, string Owner, ContainerGatewayAccess Access);
