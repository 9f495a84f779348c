using System.Net;
using Microsoft.Extensions.Options;

namespace EddCloud.Edge;

internal sealed class EdgeOptionsValidator : IValidateOptions<EdgeOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        var failures = new List<string>();
        if (Uri.CheckHostName(options.Domain) is not (UriHostNameType.Dns))
            failures.Add($"Edge:Domain (EDD_EDGE__DOMAIN) '{options.Domain}' must be a DNS name such as cloud.example.org or localhost.");
        if (!IPAddress.TryParse(options.ListenAddress, out _))
            failures.Add($"Edge:ListenAddress (EDD_EDGE__LISTEN_ADDRESS) '{options.ListenAddress}' must be an IP address such as 0.0.0.0 or 127.0.0.1.");
        foreach (var (key, port, zeroAllowed) in new[] { ("HttpsPort", options.HttpsPort, false), ("HttpPort", options.HttpPort, true), ("SshPort", options.SshPort, false) })
        {
            if (port is < 0 or > 65535 || (port == 0 && !zeroAllowed))
                failures.Add($"Edge:{key} must be a TCP port (1-65535){(zeroAllowed ? ", or 0 to turn it off" : "")}, not {port}.");
        }

        if (new[] { options.HttpsPort, options.HttpPort, options.SshPort }.Where(port => port != 0).GroupBy(port => port).Any(group => group.Count() > 1))
            failures.Add("Edge:HttpsPort, Edge:HttpPort and Edge:SshPort must be different ports.");
        if (string.IsNullOrEmpty(options.CertificatePath) != string.IsNullOrEmpty(options.CertificateKeyPath))
            failures.Add("Edge:CertificatePath and Edge:CertificateKeyPath go together: set both (PEM files) or neither (a local certificate authority is made).");
        foreach (var proxy in options.TrustedProxies)
        {
            if (!IPNetwork.TryParse(proxy, out _) && !IPAddress.TryParse(proxy, out _))
                failures.Add($"Edge:TrustedProxies holds '{proxy}', which is neither an IP address nor a network such as 10.0.0.0/8.");
        }

        foreach (var url in options.ApiUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                failures.Add($"Edge:ApiUrls holds '{url}', which is not an http(s) URL such as http://127.0.0.1:8080.");
        }

        if (options.MaxRequestBodyBytes <= 0)
            failures.Add("Edge:MaxRequestBodyBytes must be positive.");
        if (options.RequestsPerSecondPerIp < 0 || options.RequestBurstPerIp < options.RequestsPerSecondPerIp)
            failures.Add("Edge:RequestsPerSecondPerIp must be 0 (off) or positive, and Edge:RequestBurstPerIp at least as large.");
        if (options.RequestHeadersTimeout <= TimeSpan.Zero || options.BackendResponseTimeout <= TimeSpan.Zero)
            failures.Add("Edge:RequestHeadersTimeout and Edge:BackendResponseTimeout must be positive.");
        if (options.SshVersionTimeout <= TimeSpan.Zero || options.SshKeyExchangeTimeout <= TimeSpan.Zero || options.SshAuthenticationTimeout <= TimeSpan.Zero)
            failures.Add("Edge:SshVersionTimeout, Edge:SshKeyExchangeTimeout and Edge:SshAuthenticationTimeout must be positive (for example 00:00:20).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
