using System.Net.WebSockets;
using System.Text.Json;
using EddCloud.Grains.Errors;

namespace EddCloud.Silo.Hosting.Http;

/// <summary>Live streams as WebSockets of JSON text messages (the SSE endpoints' twins).</summary>
public static class WebSocketStreams
{
    /// <summary>Refuses a plain HTTP request to a WebSocket endpoint with a message naming the SSE alternative.</summary>
    public static void RequireUpgrade(HttpContext context, string alternative)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
            throw EddException.Validation("upgrade", $"This endpoint speaks WebSocket; use {alternative} for server-sent events.");
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
