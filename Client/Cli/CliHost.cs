using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using EddCloud.Cli.Terminal;

namespace EddCloud.Cli;

/// <summary>
/// Everything the command tree touches outside itself. Tests pass a fake console, an
/// environment dictionary (including <c>EDD_CONFIG_DIR</c>) and an HttpClient factory over a
/// fake handler; <see cref="CreateDefault"/> wires the real process.
/// </summary>
public sealed record CliHost(
    ICliConsole Console,
    Func<string, string?> Environment,
    Func<Uri, HttpClient> CreateHttpClient,
    TimeProvider Time)
{
    public static CliHost CreateDefault() => new(
        new SystemConsole(),
        System.Environment.GetEnvironmentVariable,
        server => CreateRealHttpClient(server, System.Environment.GetEnvironmentVariable(CaCertificateVariable)),
        TimeProvider.System);

    /// <summary>A PEM certificate authority to trust besides the system's, e.g. an EddCloud edge's own (data/edge/tls/ca.pem).</summary>
    public const string CaCertificateVariable = "EDD_CA_CERT";

    internal static HttpClient CreateRealHttpClient(Uri server, string? caCertificatePath)
    {
        var handler = new SocketsHttpHandler
        {
            // A redirect could carry the bearer token to another host; report it instead of following it.
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (!string.IsNullOrEmpty(caCertificatePath))
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(caCertificatePath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                    return true;
                // Only an unknown issuer may be forgiven, and only when it is the configured authority.
                if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
                    return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                using var served = new X509Certificate2(certificate);
                return chain.Build(served);
            };
        }

        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"edd/{typeof(CliHost).Assembly.GetName().Version?.ToString(3) ?? "0"}");
        return client;
    }
}
