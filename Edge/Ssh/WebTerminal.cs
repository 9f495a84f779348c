using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using EddCloud.Ssh.Protocol;
using EddCloud.Grains.Compute;
using EddCloud.Edge.Http;

namespace EddCloud.Edge.Ssh;

/// <summary>
/// The dashboard's web terminal: a WebSocket at <c>/api/containers/{id}/terminal/ws?ticket=…</c> on the dashboard
/// host, bridged to a shell with a PTY on the container's sshd through the edge's own SSH client. The silo hands the
/// owner a single-use ticket (POST /api/containers/{id}/terminal); the socket is authorized by that ticket alone.
/// <para>
/// Messages: binary frames carry the terminal's bytes both ways. Text frames are JSON: the browser sends
/// <c>{"type":"resize","cols":C,"rows":R}</c>; the edge sends <c>{"type":"ready"}</c> once the shell runs,
/// <c>{"type":"exit","status":N}</c> when it ends, and <c>{"type":"error","message":"…"}</c> when it cannot go on.
/// </para>
/// </summary>
public sealed partial class WebTerminal(IClusterClient cluster, ContainerSshConnector connector, ILogger<WebTerminal> logger)
{
    private readonly OpenTerminals _open = new(MaxPerUser);
    public const int MaxSize = 1000;
    /// <summary>Each terminal holds an SSH connection to its container; a user's tabs should not exhaust the edge.</summary>
    public const int MaxPerUser = 8;
    private const int MaxControlMessage = 4096;
    private const string PathPrefix = "/api/containers/";
    private const string PathSuffix = "/terminal/ws";

    /// <summary>The container of a terminal path, or null when <paramref name="path"/> is not one.</summary>
    public static Guid? Match(PathString path)
    {
        var value = path.Value;
        if (value is null || !value.StartsWith(PathPrefix, StringComparison.Ordinal) || !value.EndsWith(PathSuffix, StringComparison.Ordinal))
            return null;
        var id = value.AsSpan(PathPrefix.Length, value.Length - PathPrefix.Length - PathSuffix.Length);
        return Guid.TryParseExact(id, "D", out var container) ? container : null;
    }

    public async Task HandleAsync(HttpContext context, Guid containerId)
    {
        context.Features.Set(new EdgeUpstream($"terminal:{containerId}"));
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await EdgePages.WriteAsync(context, StatusCodes.Status400BadRequest, "This address speaks WebSocket",
                "The web terminal opens from a container's page in the dashboard (POST /api/containers/{id}/terminal gives the ticket for this socket).");
            return;
        }

        // Over HTTP/2 (which Chromium uses when the server allows) the socket is the request's body, and Kestrel's
        // minimum body rate would end a terminal nobody types into after a few seconds. (YARP does the same for the
        // WebSockets it forwards.)
        if (context.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttpMinRequestBodyDataRateFeature>() is { } minimumRate)
            minimumRate.MinDataRate = null;
        var ct = context.RequestAborted;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new Session(socket);
        try
        {
            var refusal = await RunAsync(context, socket, session, containerId, ct);
            if (refusal is not null)
                await session.FinishAsync(new { type = "error", message = refusal }, WebSocketCloseStatus.PolicyViolation, ct);
        }
        catch (Exception exception) when (exception is SshException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            LogFailed(logger, containerId, exception.Message);
            await session.FinishAsync(new { type = "error", message = $"The connection to the container's SSH server failed: {exception.Message}" },
                WebSocketCloseStatus.InternalServerError, ct);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // The browser went away.
        }
        catch (Exception exception) when (exception is Orleans.Runtime.OrleansException)
        {
            LogFailed(logger, containerId, exception.Message);
            await session.FinishAsync(new { type = "error", message = "The edge could not reach the cloud to check this terminal. Try again in a few seconds." },
                WebSocketCloseStatus.InternalServerError, ct);
        }
        catch (Exception exception)
        {
            // Whatever went wrong, the user hears of it rather than seeing the socket drop, and the log says what it was.
            LogFailedUnexpectedly(logger, containerId, exception);
            await session.FinishAsync(new { type = "error", message = $"The terminal failed ({exception.GetType().Name}: {exception.Message}). Open it again; if this repeats, the edge's log has the details." },
                WebSocketCloseStatus.InternalServerError, CancellationToken.None);
        }
    }

    /// <summary>Runs the session; a message for the user when it cannot start.</summary>
    private async Task<string?> RunAsync(HttpContext context, WebSocket socket, Session session, Guid containerId, CancellationToken ct)
    {
        var query = context.Request.Query;
        var key = TerminalTickets.GrainKey(query["ticket"]);
        var grant = key is null ? null : await cluster.GetGrain<ITerminalTicketGrain>(key).RedeemAsync();
        if (grant is null || grant.ContainerId != containerId)
            return "This terminal link has expired or was already used. Open the terminal again from the container's page.";
        using var slot = _open.TryTake(grant.UserId);
        if (slot is null)
            return $"You have {MaxPerUser} terminals open already; close one (or a browser tab holding one) first.";
        if (!TryReadSize(query["cols"], 80, out var columns) || !TryReadSize(query["rows"], 24, out var rows))
            return $"cols and rows must be whole numbers from 1 to {MaxSize}.";

        var access = await cluster.GetGrain<IContainerGrain>(containerId).GetGatewayAccessAsync();
        if (access is null)
            return "The container is not running, or its SSH server is still starting. Start it (or wait a few seconds) and open the terminal again.";

        await using var ssh = await connector.ConnectAsync(access, ct);
        await using var channel = await ssh.OpenSessionAsync(ct);
        if (!await channel.RequestPtyAsync("xterm-256color", columns, rows, ct) || !await channel.RequestShellAsync(ct))
            return "The container's SSH server refused a shell with a terminal.";
        LogOpened(logger, grant.UserId, containerId);
        await session.SendJsonAsync(new { type = "ready" }, ct);

        // Input is never cancelled (that would abort the socket): it ends when the browser closes, or after the
        // last message below when the browser answers the close.
        var input = PumpInputAsync(socket, channel, session, ct);
        var status = await PumpOutputAsync(channel, session, ct);
        // Bad input closes the channel, which ends the output: its message goes to the user instead of the exit. It is
        // recorded before the close, so it is seen here even when the input pump has not finished closing yet.
        if (session.Problem is { } problem)
            return problem;
        await session.FinishAsync(new { type = "exit", status = (long?)status }, WebSocketCloseStatus.NormalClosure, ct);
        await ((Task)input).WaitAsync(TimeSpan.FromSeconds(5), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return null;
    }

    /// <summary>Shell output to the browser until the channel closes; the exit status when the shell reported one.</summary>
    private static async Task<uint?> PumpOutputAsync(SshChannel channel, Session session, CancellationToken ct)
    {
        uint? status = null;
        while (true)
        {
            var item = await channel.ReadAsync(ct);
            switch (item.Kind)
            {
                case SshChannelEventKind.Data:
                case SshChannelEventKind.ExtendedData:
                    await session.SendBinaryAsync(item.Data, ct);
                    break;
                case SshChannelEventKind.Request:
                    if (item.Request!.Name == "exit-status")
                        status = item.Request.GetExitStatus();
                    await channel.ReplyAsync(item.Request, false, ct);
                    break;
                case SshChannelEventKind.Eof:
                    break;
                default:
                    return status;
            }
        }
    }

    /// <summary>Keystrokes and resizes from the browser until it leaves or sends bad input (<see cref="Session.Problem"/>); then the shell's channel closes.</summary>
    private static async Task PumpInputAsync(WebSocket socket, SshChannel channel, Session session, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var control = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), ct);
                if (received.MessageType == WebSocketMessageType.Close)
                    break;
                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    await channel.SendDataAsync(buffer.AsMemory(0, received.Count), ct);
                    continue;
                }

                if (control.WrittenCount + received.Count > MaxControlMessage)
                {
                    session.Problem = $"A text message may be at most {MaxControlMessage} bytes.";
                    return;
                }

                control.Write(buffer.AsSpan(0, received.Count));
                if (!received.EndOfMessage)
                    continue;
                var resize = ReadResize(control.WrittenSpan);
                control.Clear();
                if (resize is not { } size)
                {
                    session.Problem = $"Text messages must be {{\"type\":\"resize\",\"cols\":1..{MaxSize},\"rows\":1..{MaxSize}}}; send keystrokes as binary messages.";
                    return;
                }

                await channel.ResizeAsync(size.Columns, size.Rows, ct);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or SshException or OperationCanceledException)
        {
            // The browser or the container went away.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await channel.CloseAsync(CancellationToken.None);
        }
    }

    internal static (uint Columns, uint Rows)? ReadResize(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "resize"
                || !root.TryGetProperty("cols", out var cols) || !cols.TryGetUInt32(out var columns)
                || !root.TryGetProperty("rows", out var rowsElement) || !rowsElement.TryGetUInt32(out var rows)
                || columns is 0 or > MaxSize || rows is 0 or > MaxSize)
                return null;
            return (columns, rows);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static bool TryReadSize(string? text, uint fallback, out uint size)
    {
        size = fallback;
        if (string.IsNullOrEmpty(text))
            return true;
        return uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) && size is > 0 and <= MaxSize;
    }

    /// <summary>One sender at a time on the socket (output, control replies and the final message).</summary>
    private sealed class Session(WebSocket socket)
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        private volatile string? _problem;

        /// <summary>What was wrong with the browser's input, when that ended the session.</summary>
        public string? Problem { get => _problem; set => _problem = value; }

        public Task SendBinaryAsync(ReadOnlyMemory<byte> data, CancellationToken ct) => SendAsync(data, WebSocketMessageType.Binary, ct);

        public Task SendJsonAsync(object message, CancellationToken ct) =>
            SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, ct);

        private async Task SendAsync(ReadOnlyMemory<byte> data, WebSocketMessageType type, CancellationToken ct)
        {
            await _send.WaitAsync(ct);
            try
            {
                await socket.SendAsync(data, type, endOfMessage: true, ct);
            }
            finally
            {
                _send.Release();
            }
        }

        /// <summary>Sends a last message and closes; quietly does nothing when the browser already left.</summary>
        public async Task FinishAsync(object message, WebSocketCloseStatus status, CancellationToken ct)
        {
            if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
                return;
            try
            {
                await SendJsonAsync(message, ct);
                var reason = status == WebSocketCloseStatus.NormalClosure ? "shell ended" : "terminal closed";
                await socket.CloseOutputAsync(status, reason, ct);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // Gone already.
            }
        }
    }

    /// <summary>Counts each user's open terminals on this edge.</summary>
    internal sealed class OpenTerminals(int limit)
    {
        private readonly Dictionary<Guid, int> _counts = [];

        /// <summary>A slot that frees itself when disposed, or null when the user is at the limit.</summary>
        public IDisposable? TryTake(Guid user)
        {
            lock (_counts)
            {
                var count = _counts.GetValueOrDefault(user);
                if (count >= limit)
                    return null;
                _counts[user] = count + 1;
            }

            return new Slot(this, user);
        }

        private void Release(Guid user)
        {
            lock (_counts)
            {
                if (--_counts[user] == 0)
                    _counts.Remove(user);
            }
        }

        private sealed class Slot(OpenTerminals owner, Guid user) : IDisposable
        {
            private int _released;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _released, 1) == 0)
                    owner.Release(user);
            }
        }
    }

    [LoggerMessage(EventId = 9270, Level = LogLevel.Information, Message = "Web terminal opened by user {UserId} in container {ContainerId}")]
    private static partial void LogOpened(ILogger logger, Guid userId, Guid containerId);

    [LoggerMessage(EventId = 9271, Level = LogLevel.Warning, Message = "Web terminal for container {ContainerId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid containerId, string reason);

    [LoggerMessage(EventId = 9272, Level = LogLevel.Error, Message = "Web terminal for container {ContainerId} failed unexpectedly")]
    private static partial void LogFailedUnexpectedly(ILogger logger, Guid containerId, Exception exception);
}
