using Yarp.ReverseProxy.Forwarder;
using EddCloud.Edge.Http;

namespace EddCloud.Edge.Routing;

/// <summary>
/// Builds the upstream request: the path (with a route's prefix stripped), and X-Forwarded-For, -Proto and -Host set by
/// the edge. Incoming forwarding headers survive only from a trusted proxy; everyone else's are replaced.
/// </summary>
public sealed class EdgeTransformer(TrustedProxies proxies, PathString path) : HttpTransformer
{
    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded", "X-Real-IP", RequestIds.Header];

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(proxyRequest);
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, path, httpContext.Request.QueryString);

        var request = httpContext.Request;
        var trusted = proxies.IsTrusted(httpContext.Connection.RemoteIpAddress);
        var forwardedFor = trusted ? request.Headers["X-Forwarded-For"].ToString() : "";
        var forwardedProto = trusted ? request.Headers["X-Forwarded-Proto"].ToString() : "";
        var forwardedHost = trusted ? request.Headers["X-Forwarded-Host"].ToString() : "";
        foreach (var header in ForwardingHeaders)
            proxyRequest.Headers.Remove(header);

        var remote = httpContext.Connection.RemoteIpAddress;
        var address = remote is null ? "unknown" : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor.Length > 0 ? $"{forwardedFor}, {address}" : address);
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", forwardedProto.Length > 0 ? forwardedProto : request.Scheme);
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", forwardedHost.Length > 0 ? forwardedHost : request.Host.Value);
        proxyRequest.Headers.TryAddWithoutValidation(RequestIds.Header, httpContext.TraceIdentifier);
    }
}
