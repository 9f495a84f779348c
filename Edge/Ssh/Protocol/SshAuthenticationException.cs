namespace EddCloud.Ssh.Protocol;

/// <summary>The server refused our user authentication; <see cref="Banner"/> holds any banner text it sent.</summary>
public sealed class SshAuthenticationException : SshException
{
    public SshAuthenticationException() : this("The SSH server refused the authentication.") { }

    public SshAuthenticationException(string message) : base(SshDisconnectReason.NoMoreAuthMethodsAvailable, message) { }

    public SshAuthenticationException(string message, Exception innerException) : base(SshDisconnectReason.NoMoreAuthMethodsAvailable, message, innerException) { }

    public SshAuthenticationException(string message, string? banner) : this(message)
    {
        Banner = banner;
    }

    public string? Banner { get; }
}
