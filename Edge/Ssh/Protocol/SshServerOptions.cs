namespace EddCloud.Ssh.Protocol;

/// <summary>Settings of the server end of a connection.</summary>
public sealed class SshServerOptions : SshConnectionOptions
{
    /// <summary>Our host key; clients pin its public half in known_hosts.</summary>
    public required SshEd25519Key HostKey { get; set; }

    /// <summary>Decides whether a user may log in with a key; called once per distinct (user, key) on a connection.</summary>
    public required Func<SshAuthRequest, CancellationToken, ValueTask<SshAuthDecision>> Authenticate { get; set; }

    /// <summary>Failed authentication attempts (refused keys, bad signatures, other methods) before we disconnect.</summary>
    public int MaxAuthAttempts { get; set; } = 6;
}
