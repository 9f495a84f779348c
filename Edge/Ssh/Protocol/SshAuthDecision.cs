namespace EddCloud.Ssh.Protocol;

/// <summary>
/// The host application's answer to <see cref="SshAuthRequest"/>. A refusal may carry a banner the user's client
/// shows (e.g. "container web is stopped; start it with: edd start web"); <see cref="DisconnectMessage"/> ends the
/// connection at once instead of letting the client try other keys.
/// </summary>
public sealed record SshAuthDecision
{
    public bool Accepted { get; init; }

    /// <summary>Text sent as SSH_MSG_USERAUTH_BANNER before the answer.</summary>
    public string? Banner { get; init; }

    /// <summary>When set on a refusal, we disconnect with this text.</summary>
    public string? DisconnectMessage { get; init; }

    /// <summary>Whatever the application wants to keep for an accepted login (e.g. the container it resolved).</summary>
    public object? Context { get; init; }

    public static SshAuthDecision Accept(object? context = null, string? banner = null) => new() { Accepted = true, Context = context, Banner = banner };

    public static SshAuthDecision Reject(string? banner = null) => new() { Banner = banner };

    public static SshAuthDecision Disconnect(string message, string? banner = null) => new() { DisconnectMessage = message, Banner = banner };
}
