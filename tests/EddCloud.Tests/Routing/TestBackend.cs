using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using EddCloud.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EddCloud.Tests.Routing;

/// <summary>What the backend saw of a request.</summary>
public sealed record EchoBody(string Backend, string Path, string Query, string Host, Dictionary<string, string> Headers);

public sealed record UploadBody(long Bytes, string Sha256);

/// <summary>
/// A plain HTTP server on loopback standing in for a site behind the edge: it echoes what it received, echoes
/// WebSocket messages, streams server-sent events slowly, hashes uploads, and can be made slow.
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(WebApplication app, string name, int port)
    {
        _app = app;
        Name = name;
        Port = port;
    }

    public string Name { get; }
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<TestBackend> StartAsync(string name)
    {
        var port = TestPorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
            }
        });
        app.Map("/ws/ticks", async context =>
        {
            // A push-only socket, like a live dashboard's: a tick every 0.5 s, nothing expected from the client but its close.
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var closed = socket.ReceiveAsync(new byte[1024], context.RequestAborted);
            for (var tick = 1; !closed.IsCompleted && tick <= 600; tick++)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes($"tick {tick}"), WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
                await Task.WhenAny(closed, Task.Delay(TimeSpan.FromMilliseconds(500), context.RequestAborted));
            }

            if (socket.State == WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
        });
        app.MapGet("/sse", async context =>
        {
            context.Response.ContentType = "text/event-stream";
            for (var index = 1; index <= 5; index++)
            {
                await context.Response.WriteAsync($"data: event {index}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(TimeSpan.FromMilliseconds(400), context.RequestAborted);
            }
        });
        app.MapPost("/upload", async context =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[256 * 1024];
            long total = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }

            await context.Response.WriteAsJsonAsync(new UploadBody(total, Convert.ToHexStringLower(hash.GetHashAndReset())));
        });
        app.MapGet("/slow", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
        });
        app.MapFallback(async context =>
        {
            var headers = context.Request.Headers.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            await context.Response.WriteAsJsonAsync(new EchoBody(name, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", context.Request.Host.Value ?? "", headers));
        });
        await app.StartAsync();
        return new TestBackend(app, name, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
