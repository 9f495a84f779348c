
namespace EddCloud.Ssh.Protocol;

/// <summary>A user asking to log in with a public key (already parsed and checked: type, size, point).</summary>
public sealed record SshAuthRequest(string Username, SshPublicKey PublicKey);
