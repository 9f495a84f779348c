namespace EddCloud.Edge;

/// <summary>How the edge listens, which hosts it answers for, its certificates and its limits.</summary>
public sealed class EdgeOptions
{
    public const string Section = "Edge";

    /// <summary>The dashboard's host (the SPA and /api); containers publish under <c>Compute:AppsDomain</c>.</summary>
    public string Domain { get; set; } = "localhost";

    /// <summary>The address the edge listens on (all interfaces by default: it is the cloud's front door).</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    public int HttpsPort { get; set; } = 443;

    /// <summary>Plain HTTP, which only redirects to HTTPS; 0 turns it off.</summary>
    public int HttpPort { get; set; } = 80;

    /// <summary>The SSH gateway's port.</summary>
    public int SshPort { get; set; } = 2222;

    /// <summary>
    /// SSH handshake limits, each step counted from the end of the one before: the client's version line, the first
    /// key exchange, then the whole login. A client that overruns one is disconnected, so half-open connections
    /// cannot pile up.
    /// </summary>
    public TimeSpan SshVersionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan SshKeyExchangeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan SshAuthenticationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The certificate (PEM, full chain) and its private key (PEM). Empty: a local certificate authority and a
    /// certificate for the domain, its subdomains and the apps domain, made on first start under the data directory.
    /// Either way the files are read again when they change.
    /// </summary>
    public string? CertificatePath { get; set; }

    public string? CertificateKeyPath { get; set; }

    /// <summary>Strict-Transport-Security's max-age; zero sends none.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Addresses or networks (CIDR) of proxies in front of the edge whose X-Forwarded-* headers are believed.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The silos' API URLs to use before (or instead of) the ones silos report; e.g. http://127.0.0.1:8080.</summary>
    public List<string> ApiUrls { get; set; } = [];

    /// <summary>Where the access log goes: "console" (standard output, the default), a file path (appended), or "off".</summary>
    public string AccessLog { get; set; } = "console";

    /// <summary>Static routes to load at start and again whenever the file changes; empty: none.</summary>
    public string? RoutesFile { get; set; }

    /// <summary>The largest request body the edge passes on (uploads of whole files go through it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>Requests one client IP may make per second, with a burst of <see cref="RequestBurstPerIp"/>; 0 turns the limit off.</summary>
    public int RequestsPerSecondPerIp { get; set; } = 200;

    public int RequestBurstPerIp { get; set; } = 400;

    /// <summary>How long a client may take to send its request headers (slow clients hold a connection meanwhile).</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Silence from a backend for this long ends a forwarded request: a 504 before the response starts, a cut
    /// transfer after (a long upload or download is never cut while bytes flow).
    /// </summary>
    public TimeSpan BackendResponseTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
