namespace EddCloud.Silo.Users;

/// <summary>Sign-in settings (section "Auth"; EDD_AUTH__TOKEN_LIFETIME etc.).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>How long a session (cookie or bearer JWT) lives. Default 24 hours.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a silo signs with one key before it makes a new one. Default 30 days.</summary>
    public TimeSpan KeyRotation { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Marks cookies Secure. Browsers accept Secure cookies on http://localhost; turn off only behind plain HTTP elsewhere.</summary>
    public bool CookieSecure { get; set; } = true;

    /// <summary>Sign-in requests one IP may make per minute, whatever the usernames.</summary>
    public int LoginRequestsPerMinutePerIp { get; set; } = 30;

    /// <summary>How long a silo trusts a checked session or API token before asking its grain again; bounds revocation delay.</summary>
    public TimeSpan CredentialCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest lifetime an API token may be given, in days.</summary>
    public int MaxApiTokenDays { get; set; } = 365;
}
