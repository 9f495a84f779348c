using System.Net;
using Microsoft.Extensions.Options;

namespace EddCloud.Edge.Http;

/// <summary>
/// Whose X-Forwarded-* headers the edge believes: only those of the proxies the operator named. Anyone else's are
/// dropped, so a client cannot pick the address rate limits and logs see, or the scheme and host backends see.
/// </summary>
public sealed class TrustedProxies(IOptions<EdgeOptions> options)
{
    private readonly IPNetwork[] _networks = [.. options.Value.TrustedProxies.Select(Parse)];

    public bool IsTrusted(IPAddress? address)
    {
        if (address is null || _networks.Length == 0)
            return false;
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _networks.Any(network => network.Contains(plain));
    }

    /// <summary>The client's address: the connection's, or the nearest untrusted one a trusted proxy forwarded.</summary>
    public IPAddress? ClientAddress(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (!IsTrusted(remote))
            return remote;
        var chain = context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var index = chain.Length - 1; index >= 0; index--)
        {
            if (!IPAddress.TryParse(chain[index], out var hop))
                return remote;
            if (!IsTrusted(hop))
                return hop;
        }

        return remote;
    }

    private static IPNetwork Parse(string value) =>
        IPNetwork.TryParse(value, out var network) ? network : new IPNetwork(IPAddress.Parse(value), IPAddress.Parse(value).GetAddressBytes().Length * 8);
}
