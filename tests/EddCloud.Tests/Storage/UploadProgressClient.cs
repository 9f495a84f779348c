using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Storage;

/// <summary>Follows an upload's progress as a dashboard would: server-sent events or a WebSocket, until the upload ends.</summary>
public static class UploadProgressClient
{
    /// <summary>Subscribes and returns once the stream answered (its first event); the task completes with every event.</summary>
    public static async Task<Task<List<ProgressBody>>> FollowEventsAsync(SiloProcess silo, string bearer, Guid uploadId, TimeSpan within)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var all = Task.Run(async () =>
        {
            using var cancel = new CancellationTokenSource(within);
            using var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
            using var response = await client.GetAsync($"/api/uploads/{uploadId}/progress", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
            var events = new List<ProgressBody>();
            string? data = null;
            while (await reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
                else if (line.Length == 0 && data is not null)
                {
                    events.Add(JsonSerializer.Deserialize<ProgressBody>(data, StorageApi.Json)!);
                    data = null;
                    connected.TrySetResult();
                }
            }
            connected.TrySetResult();
            return events;
        });
        await Task.WhenAny(connected.Task, all);
        if (all.IsFaulted)
            await all;
        return all;
    }

    public static async Task<List<ProgressBody>> FollowWebSocketAsync(SiloProcess silo, string bearer, Guid uploadId, Func<Task> upload, TimeSpan within)
    {
        using var cancel = new CancellationTokenSource(within);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        await socket.ConnectAsync(new Uri($"ws://localhost:{silo.HttpPort}/api/uploads/{uploadId}/progress/ws"), cancel.Token);
        var uploading = upload();
        var events = new List<ProgressBody>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cancel.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
                break;
            events.Add(JsonSerializer.Deserialize<ProgressBody>(Encoding.UTF8.GetString(message.ToArray()), StorageApi.Json)!);
        }
        await uploading;
        return events;
    }

    /// <summary>A body sent in pieces with pauses, so the server reports progress along the way.</summary>
    public sealed class SlowContent(byte[] data, int pieces, TimeSpan pause) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var piece = (data.Length + pieces - 1) / pieces;
            for (var offset = 0; offset < data.Length; offset += piece)
            {
                await stream.WriteAsync(data.AsMemory(offset, Math.Min(piece, data.Length - offset)));
                await stream.FlushAsync();
                await Task.Delay(pause);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = data.Length;
            return true;
        }
    }

    /// <summary>Sends a PUT's headers promising <paramref name="declared"/> bytes, sends only <paramref name="sent"/>, and drops the connection.</summary>
    public static async Task PutAndDropAsync(SiloProcess silo, string bearer, string path, Guid uploadId, int declared, byte[] sent)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, silo.HttpPort);
        var stream = tcp.GetStream();
        var head = $"PUT {path} HTTP/1.1\r\nHost: localhost:{silo.HttpPort}\r\nAuthorization: Bearer {bearer}\r\nContent-Length: {declared}\r\n" +
                   $"Content-Type: application/octet-stream\r\nX-Upload-Id: {uploadId}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(sent);
        await stream.FlushAsync();
        // Let the server take some of it (it says so on the progress stream; a fixed pause can be too short on a
        // loaded machine), then vanish like a client whose network went away.
        await ReceivingAsync(silo, bearer, uploadId, TimeSpan.FromSeconds(60));
        tcp.Client.LingerState = new LingerOption(true, 0);
        tcp.Close();
    }

    /// <summary>Returns once the upload's progress stream reports received bytes; fails after <paramref name="within"/>.</summary>
    private static async Task ReceivingAsync(SiloProcess silo, string bearer, Guid uploadId, TimeSpan within)
    {
        using var cancel = new CancellationTokenSource(within);
        using var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        ProgressBody? last = null;
        try
        {
            using var response = await client.GetAsync($"/api/uploads/{uploadId}/progress", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
            while (await reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                    continue;
                last = JsonSerializer.Deserialize<ProgressBody>(line[6..], StorageApi.Json)!;
                if (last.ReceivedBytes > 0)
                    return;
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }

        Assert.Fail($"upload {uploadId}: the server reported no received bytes within {within.TotalSeconds} s (last: {last})");
    }

    public static void AssertMonotonic(List<ProgressBody> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].ReceivedBytes >= events[i - 1].ReceivedBytes, $"received went back at event {i}");
            Assert.True(events[i].CommittedBytes >= events[i - 1].CommittedBytes, $"committed went back at event {i}");
        }
        Assert.All(events, e => Assert.True(e.CommittedBytes <= e.ReceivedBytes || e.State == "succeeded", "committed passed received"));
    }
}
