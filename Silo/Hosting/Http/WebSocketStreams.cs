using System.Net.WebSockets;
using System.Text.Json;
using EddCloud.Grains.Errors;

namespace EddCloud.Silo.Hosting.Http;

/// <summary>Live streams as WebSockets of JSON text messages (the SSE endpoints' twins).</summary>
public static class WebSocketStreams
{
    /// <summary>
    /// Refuses a plain HTTP request to a WebSocket endpoint with a message naming the SSE alternative, and a socket a
    /// page of another origin opened. Browsers send cookies with WebSockets whatever the page, and SameSite does not
    /// stop a same-site page such as a container's app under the apps domain; the Origin header tells them apart.
    /// </summary>
    public static void RequireUpgrade(HttpContext context, string alternative)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
            throw EddException.Validation("upgrade", $"This endpoint speaks WebSocket; use {alternative} for server-sent events.");
        if (!IsSameOrigin(context.Request))
            throw EddException.Forbidden("This WebSocket was opened by a page of another site (its Origin is not this host); open it from the dashboard.");
    }

    /// <summary>True without an Origin (programs other than browsers send none) or when it names this very host.</summary>
    internal static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
            return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Accepts the socket, sends each item (null items are skipped) and closes it normally when the items end.</summary>
    public static async Task SendAsync<T>(HttpContext context, IAsyncEnumerable<T?> items, JsonSerializerOptions json, string closing, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(items);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await foreach (var item in items.WithCancellation(ct))
        {
            if (item is null)
                continue;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(item, json);
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
        }

        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, closing, ct);
    }
}
