using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace EddCloud.Edge.Routing;

/// <summary>The one HTTP client the edge forwards with: pooled connections, no cookies, redirects or decompression of its own.</summary>
public sealed class EdgeForwardingClient : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        // Nothing here traces requests across processes: no trace headers to compute per request.
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    });

    public void Dispose() => Invoker.Dispose();
}
