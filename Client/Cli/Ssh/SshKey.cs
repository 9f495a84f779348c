namespace EddCloud.Cli.Ssh;

/// <summary>
/// One of the signed-in user's SSH public keys (<c>/api/me/ssh-keys</c>). <c>Type</c> is the OpenSSH name
/// ("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", ...), <c>Fingerprint</c> "SHA256:..." as <c>ssh-keygen -lf</c> prints it.
/// </summary>
public sealed record SshKey(
    string Id,
    string Name,
    string Type,
    int Bits,
    string Fingerprint,
    string PublicKey,
    DateTimeOffset CreatedAt);
