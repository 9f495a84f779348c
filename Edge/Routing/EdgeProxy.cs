using System.Net;
using System.Net.Sockets;
using EddCloud.Edge.Ssh;
using EddCloud.Grains.Compute;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using EddCloud.Edge.Http;

namespace EddCloud.Edge.Routing;

/// <summary>
/// Decides where each request goes by its host and forwards it with YARP: the dashboard host to the silos (the SPA
/// and /api, spread over them, another silo tried when one refuses the connection for a request without a body),
/// <c>&lt;name&gt;.&lt;apps domain&gt;</c> to the container holding that ingress name, any other host to its static
/// route. What cannot be reached gets a page that says why and what to do.
/// </summary>
public sealed partial class EdgeProxy(
    IHttpForwarder forwarder,
    EdgeForwardingClient client,
    ApiDestinations api,
    RouteTableSubscription routes,
    IngressResolver ingress,
    WebTerminal terminal,
    TrustedProxies proxies,
    IOptions<EdgeOptions> options,
    IOptions<ComputeOptions> compute,
    ILogger<EdgeProxy> logger)
{
    private readonly string _domain = options.Value.Domain.ToLowerInvariant();
    private readonly string _appsSuffix = "." + compute.Value.AppsDomain.Trim('.').ToLowerInvariant();
    private readonly ForwarderRequestConfig _config = new() { ActivityTimeout = options.Value.BackendResponseTimeout };

    public async Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host.TrimEnd('.').ToLowerInvariant();
        if (host == _domain || IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            // The terminal needs the edge's SSH client; everything else on the dashboard host is the silos'.
            if (WebTerminal.Match(context.Request.Path) is { } container)
                await terminal.HandleAsync(context, container);
            else
                await ForwardToApiAsync(context);
            return;
        }

        if (host.EndsWith(_appsSuffix, StringComparison.Ordinal))
        {
            await ForwardToIngressAsync(context, host[..^_appsSuffix.Length]);
            return;
        }

        if (routes.Table.Match(host, context.Request.Path) is { } route)
        {
            var path = route.StripPrefix ? StripPrefix(context.Request.Path, route.PathPrefix) : context.Request.Path;
            context.Features.Set(new EdgeUpstream(route.Backend));
            await ForwardAsync(context, route.Backend, new EdgeTransformer(proxies, path));
            return;
        }

        await EdgePages.WriteAsync(context, StatusCodes.Status404NotFound, "Nothing is published here",
            $"This cloud has no site at {host}{context.Request.Path}. Check the address; an admin adds sites under Admin › Routes, and container apps live at <name>{_appsSuffix}.");
    }

    private async Task ForwardToApiAsync(HttpContext context)
    {
        var candidates = api.Order();
        if (candidates.Count == 0)
        {
            await EdgePages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The cloud is starting",
                "No silo has reported its API to this edge yet. Try again in a few seconds; if this lasts, check that the silo runs (see docs/operations.md).");
            return;
        }

        var retriable = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method);
        var transformer = new EdgeTransformer(proxies, context.Request.Path);
        for (var index = 0; index < candidates.Count; index++)
        {
            var destination = candidates[index];
            context.Features.Set(new EdgeUpstream(destination));
            var error = await forwarder.SendAsync(context, destination, client.Invoker, _config, transformer);
            if (error == ForwarderError.None)
                return;
            var refused = error == ForwarderError.Request && IsConnectFailure(context);
            if (refused)
                api.ReportFailure(destination);
            if (!refused || !retriable || context.Response.HasStarted || index == candidates.Count - 1)
            {
                await WriteForwardErrorAsync(context, error, "the cloud's API");
                return;
            }

            LogRetrying(logger, destination, context.TraceIdentifier);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }

    private async Task ForwardToIngressAsync(HttpContext context, string name)
    {
        if (!ContainerRules.IsIngressName(name))
        {
            await EdgePages.WriteAsync(context, StatusCodes.Status404NotFound, "No such app",
                $"'{name}' cannot be an app name here: app names are one DNS label (a-z, 0-9, '-').");
            return;
        }

        IngressTarget target;
        try
        {
            target = await ingress.ResolveAsync(name, context.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogResolveFailed(logger, name, exception);
            await EdgePages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The cloud cannot be reached",
                "This edge could not ask the cloud where the app runs. Try again in a few seconds.");
            return;
        }

        switch (target)
        {
            case IngressTarget.Unknown:
                await EdgePages.WriteAsync(context, StatusCodes.Status404NotFound, "No such app",
                    $"No container publishes '{name}'. Its owner adds an ingress rule named '{name}' on the container's page (or with 'edd ingress add').");
                return;
            case IngressTarget.Down down:
                await EdgePages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "This app is not running",
                    $"The container '{down.Container.Name}' behind '{name}' is {Describe(down.Container.Status)}{(down.Container.StatusReason is { Length: > 0 } reason ? $" ({reason})" : "")}. Its owner can start it from the dashboard or with 'edd containers start {down.Container.Name}'.",
                    retryAfterSeconds: 5);
                return;
            case IngressTarget.Reachable reachable:
                if (reachable.Rule.PathPrefix is { } prefix && !context.Request.Path.StartsWithSegments(prefix, StringComparison.Ordinal))
                {
                    await EdgePages.WriteAsync(context, StatusCodes.Status404NotFound, "Nothing is published here",
                        $"'{name}' publishes only {prefix} and below.");
                    return;
                }

                context.Features.Set(new EdgeUpstream(reachable.Destination));
                await ForwardAsync(context, reachable.Destination, new EdgeTransformer(proxies, context.Request.Path), $"the app '{name}'");
                return;
        }
    }

    private async Task ForwardAsync(HttpContext context, string destination, EdgeTransformer transformer, string what = "this site's server")
    {
        var error = await forwarder.SendAsync(context, destination, client.Invoker, _config, transformer);
        if (error != ForwarderError.None)
            await WriteForwardErrorAsync(context, error, what);
    }

    private static async Task WriteForwardErrorAsync(HttpContext context, ForwarderError error, string what)
    {
        // Nothing to say once the response started, or when the client itself went away.
        if (context.Response.HasStarted || error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled)
            return;
        var timedOut = context.Features.Get<IForwarderErrorFeature>()?.Exception is TimeoutException or TaskCanceledException { InnerException: TimeoutException }
            || context.Response.StatusCode == StatusCodes.Status504GatewayTimeout;
        if (timedOut)
        {
            await EdgePages.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "The server took too long",
                $"{Capitalize(what)} did not answer in time. Try again; if it keeps happening, it may be overloaded or stuck.");
            return;
        }

        await EdgePages.WriteAsync(context, StatusCodes.Status502BadGateway, "The server cannot be reached",
            $"{Capitalize(what)} did not accept the connection or broke it off ({error}). If it was just started, wait a moment; otherwise check that it listens on the published port.");
    }

    private static bool IsConnectFailure(HttpContext context) =>
        context.Features.Get<IForwarderErrorFeature>()?.Exception is { } exception
        && (exception is HttpRequestException { InnerException: SocketException } || exception.InnerException is SocketException);

    internal static PathString StripPrefix(PathString path, string prefix) =>
        path.StartsWithSegments(prefix, StringComparison.Ordinal, out var remaining) && remaining.HasValue ? remaining : "/";

    private static string Describe(ContainerStatus status) => status.ToString().ToLowerInvariant();

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    [LoggerMessage(EventId = 9230, Level = LogLevel.Information, Message = "The silo at {Destination} refused the connection; request {RequestId} tries another")]
    private static partial void LogRetrying(ILogger logger, string destination, string requestId);

    [LoggerMessage(EventId = 9231, Level = LogLevel.Warning, Message = "Could not resolve the app {Name}")]
    private static partial void LogResolveFailed(ILogger logger, string name, Exception exception);
}
