namespace EddCloud.Ssh.Protocol;

/// <summary>Settings of the client end of a connection.</summary>
public sealed class SshClientOptions : SshConnectionOptions
{
    public required string Username { get; set; }

    /// <summary>The key we log in with (publickey authentication).</summary>
    public required SshEd25519Key UserKey { get; set; }

    /// <summary>The server host keys we trust, as OpenSSH public key lines ("ssh-ed25519 AAAA..."); at least one.</summary>
    public required IReadOnlyList<string> HostKeys { get; set; }
}
