using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>
/// The base URL other nodes reach this node's data plane at: <see cref="DataPlaneOptions.DataPlaneUrl"/>,
/// else this silo's first HTTP address once the server listens (a wildcard host becomes the host name).
/// </summary>
public sealed partial class DataPlaneAddress(IOptions<DataPlaneOptions> options, IServer server, ILoggerFactory loggers)
{
    private Uri? _resolved;

    public Uri BaseUri => _resolved ??= Resolve();

    private Uri Resolve()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.DataPlaneUrl))
            return new Uri(options.Value.DataPlaneUrl.TrimEnd('/') + "/");
        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException("This silo listens on no HTTP address yet; set Dfs:DataPlaneUrl (EDD_DFS__DATA_PLANE_URL) to the URL other nodes reach it at.");
        var host = WildcardHost().Match(first);
        if (host.Success)
        {
            DataPlaneLog.WildcardAddress(loggers.CreateLogger(DataPlaneLog.Category), first);
            first = host.Groups["scheme"].Value + Dns.GetHostName() + first[host.Length..];
        }
        var builder = new UriBuilder(first) { Path = "/" };
        return builder.Uri;
    }

    [GeneratedRegex(@"^(?<scheme>https?://)(\+|\*|0\.0\.0\.0|\[::\])", RegexOptions.IgnoreCase)]
    private static partial Regex WildcardHost();
}
