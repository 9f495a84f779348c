using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using EddCloud.Tests.Compute;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Ssh;

/// <summary>
/// The web terminal with a real WebSocket client over TLS through the edge, into a real container's shell under
/// Podman: tickets from the silo, the PTY and its resizes, the exit status, and every way in that must be refused.
/// </summary>
[IntegrationTest]
public sealed class WebTerminalTests : IAsyncLifetime
{
    private SiloProcess _silo = null!;
    private EdgeProcess _edge = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync(ComputeApi.Settings());
        _edge = await EdgeProcess.StartAsync(_silo);
        _admin = await _silo.SignInAsAdminAsync();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _edge.DisposeAsync();
        await ComputeApi.DisposeSiloAsync(_silo);
    }

    [Fact]
    public async Task Owner_RunsCommandsInAShell_ResizesIt_AndSeesItsExitStatus_AndTheTicketWorksOnce()
    {
        var (owner, _) = await StorageApi.NewUserAsync(_silo, _admin);
        var container = await ComputeApi.WaitRunningAsync(owner, (await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("term") })).Id);
        using var edgeOwner = ThroughEdge(owner);

        var ticket = await OpenTicketAsync(edgeOwner, container.Id);
        await using var terminal = await TerminalClient.ConnectAsync(_edge, ticket.Path + "&cols=100&rows=30");
        Assert.Equal("ready", (await terminal.NextControlAsync()).GetProperty("type").GetString());

        // A command typed into the shell runs in the container and its output comes back; the PTY has the asked size.
        await terminal.TypeAsync("echo sum-$((6*7)) && stty size && hostname\r");
        await terminal.ReadUntilAsync("sum-42");
        await terminal.ReadUntilAsync("30 100");

        // A resize from the browser reaches the PTY.
        await terminal.ResizeAsync(132, 43);
        await terminal.TypeAsync("stty size\r");
        await terminal.ReadUntilAsync("43 132");

        // The shell's exit ends the session with its status.
        await terminal.TypeAsync("exit 7\r");
        var exit = await terminal.NextControlAsync();
        Assert.Equal("exit", exit.GetProperty("type").GetString());
        Assert.Equal(7, exit.GetProperty("status").GetInt32());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await terminal.WaitClosedAsync());

        // The same ticket again, or on another container, is refused with a message saying what to do.
        await using var again = await TerminalClient.ConnectAsync(_edge, ticket.Path);
        var refused = await again.NextControlAsync();
        Assert.Equal("error", refused.GetProperty("type").GetString());
        Assert.Contains("expired or was already used", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await again.WaitClosedAsync());
    }

    [Fact]
    public async Task OnlyTheOwnerGetsATicket_ForARunningContainer_AndTheSocketTrustsNothingButTheTicket()
    {
        var (owner, _) = await StorageApi.NewUserAsync(_silo, _admin);
        var (stranger, _) = await StorageApi.NewUserAsync(_silo, _admin);
        var container = await ComputeApi.WaitRunningAsync(owner, (await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("term") })).Id);
        var stopped = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("term") });
        await ComputeApi.WaitRunningAsync(owner, stopped.Id);
        await ComputeApi.ActAsync(owner, stopped.Id, "stop");
        await ComputeApi.WaitAsync(owner, stopped.Id, c => c.Status == "stopped", "stopped");
        using var readOnly = await StorageApi.TokenClientAsync(_silo, owner, "containers:read");
        using var writeToken = await StorageApi.TokenClientAsync(_silo, owner, "containers:read", "containers:write");
        using var anonymous = _silo.CreateClient();

        var cases = new (string Who, HttpClient Client, Guid Container, HttpStatusCode Expected)[]
        {
            ("anonymous", anonymous, container.Id, HttpStatusCode.Unauthorized),
            ("another user", stranger, container.Id, HttpStatusCode.NotFound),
            ("the admin", _admin, container.Id, HttpStatusCode.Forbidden),
            ("a containers:read token", readOnly, container.Id, HttpStatusCode.Forbidden),
            ("the owner, stopped container", owner, stopped.Id, HttpStatusCode.Conflict),
            ("the owner, no such container", owner, Guid.NewGuid(), HttpStatusCode.NotFound),
            ("a containers:write token", writeToken, container.Id, HttpStatusCode.Created),
            ("the owner's session", owner, container.Id, HttpStatusCode.Created),
        };
        foreach (var (who, client, id, expected) in cases)
        {
            using var response = await client.PostAsync($"/api/containers/{id}/terminal", null);
            Assert.True(expected == response.StatusCode, $"{who}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (expected != HttpStatusCode.Created)
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // The socket: without a ticket, with a made-up one, with the owner's session cookie or bearer but no ticket,
        // or with a real ticket for another container, nobody gets a shell.
        var ticket = await OpenTicketAsync(owner, container.Id);
        var attempts = new (string What, string Path, string? Bearer)[]
        {
            ("no ticket", $"/api/containers/{container.Id}/terminal/ws", null),
            ("a made-up ticket", $"/api/containers/{container.Id}/terminal/ws?ticket={new string('A', 43)}", null),
            ("a malformed ticket", $"/api/containers/{container.Id}/terminal/ws?ticket=../../x", null),
            ("the owner's bearer alone", $"/api/containers/{container.Id}/terminal/ws", BearerOf(owner)),
            ("the ticket on another container", $"/api/containers/{stopped.Id}/terminal/ws?ticket={ticket.Ticket}", null),
        };
        foreach (var (what, path, bearer) in attempts)
        {
            await using var terminal = await TerminalClient.ConnectAsync(_edge, path, bearer);
            var answer = await terminal.NextControlAsync();
            Assert.True(answer.GetProperty("type").GetString() == "error", $"{what}: {answer}");
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, await terminal.WaitClosedAsync());
        }

        // A ticket used on the wrong container was spent: it does not open the right one afterwards either.
        await using (var spent = await TerminalClient.ConnectAsync(_edge, ticket.Path))
            Assert.Equal("error", (await spent.NextControlAsync()).GetProperty("type").GetString());

        // A plain request to the socket's address, and the silo reached directly, explain themselves.
        using var edgeClient = _edge.CreateClient();
        using var plain = await edgeClient.GetAsync(_edge.Url("localhost", $"/api/containers/{container.Id}/terminal/ws"));
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        using var direct = await owner.GetAsync($"/api/containers/{container.Id}/terminal/ws");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, direct.StatusCode);
        Assert.Contains("edge", await direct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadControlMessages_AndBadSizes_EndTheSessionWithAMessage()
    {
        var (owner, _) = await StorageApi.NewUserAsync(_silo, _admin);
        var container = await ComputeApi.WaitRunningAsync(owner, (await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("term") })).Id);

        foreach (var size in new[] { "&cols=0", "&rows=100000", "&cols=-1", "&cols=abc" })
        {
            var ticket = await OpenTicketAsync(owner, container.Id);
            await using var terminal = await TerminalClient.ConnectAsync(_edge, ticket.Path + size);
            var answer = await terminal.NextControlAsync();
            Assert.True(answer.GetProperty("type").GetString() == "error", $"{size}: {answer}");
            Assert.Contains("cols and rows", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        foreach (var control in new[] { "not json", "{\"type\":\"resize\",\"cols\":0,\"rows\":10}", "{\"type\":\"resize\",\"cols\":5000,\"rows\":10}", "{\"type\":\"paste\"}", new string('x', 5000) })
        {
            var ticket = await OpenTicketAsync(owner, container.Id);
            await using var terminal = await TerminalClient.ConnectAsync(_edge, ticket.Path);
            Assert.Equal("ready", (await terminal.NextControlAsync()).GetProperty("type").GetString());
            await terminal.SendTextAsync(control);
            var answer = await terminal.NextControlAsync();
            Assert.True(answer.GetProperty("type").GetString() == "error", $"{control[..Math.Min(20, control.Length)]}: {answer}");
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, await terminal.WaitClosedAsync());
        }
    }

    [Fact]
    public async Task AUser_HasAtMostEightTerminalsOpen_AndClosingOneFreesItsPlace()
    {
        var (owner, _) = await StorageApi.NewUserAsync(_silo, _admin);
        var container = await ComputeApi.WaitRunningAsync(owner, (await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("term") })).Id);
        var open = new List<TerminalClient>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var terminal = await TerminalClient.ConnectAsync(_edge, (await OpenTicketAsync(owner, container.Id)).Path);
                open.Add(terminal);
                Assert.Equal("ready", (await terminal.NextControlAsync()).GetProperty("type").GetString());
            }

            await using (var ninth = await TerminalClient.ConnectAsync(_edge, (await OpenTicketAsync(owner, container.Id)).Path))
            {
                var refused = await ninth.NextControlAsync();
                Assert.Equal("error", refused.GetProperty("type").GetString());
                Assert.Contains("8 terminals open", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
            }

            // Another user is not held back by this one's terminals.
            var (other, _) = await StorageApi.NewUserAsync(_silo, _admin);
            var theirs = await ComputeApi.WaitRunningAsync(other, (await ComputeApi.CreateAsync(other, new { name = ComputeApi.NewName("term") })).Id);
            await using (var terminal = await TerminalClient.ConnectAsync(_edge, (await OpenTicketAsync(other, theirs.Id)).Path))
                Assert.Equal("ready", (await terminal.NextControlAsync()).GetProperty("type").GetString());

            // Closing one (the browser leaves) frees its place once the edge has seen it go.
            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await ApiAssert.EventuallyAsync(async () =>
            {
                await using var again = await TerminalClient.ConnectAsync(_edge, (await OpenTicketAsync(owner, container.Id)).Path);
                return (await again.NextControlAsync()).GetProperty("type").GetString() == "ready";
            }, TimeSpan.FromSeconds(60), "a terminal after closing one");
        }
        finally
        {
            foreach (var terminal in open)
                await terminal.DisposeAsync();
        }
    }

    private HttpClient ThroughEdge(HttpClient signedIn)
    {
        var client = _edge.CreateClient();
        client.BaseAddress = _edge.BaseAddress;
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    private static string BearerOf(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;

    private static async Task<TicketBody> OpenTicketAsync(HttpClient owner, Guid container)
    {
        using var response = await owner.PostAsync($"/api/containers/{container}/terminal", null);
        await ApiAssert.StatusAsync(response, HttpStatusCode.Created, "open terminal");
        var ticket = (await response.Content.ReadFromJsonAsync<TicketBody>(StorageApi.Json))!;
        Assert.Equal(43, ticket.Ticket.Length);
        Assert.EndsWith("?ticket=" + ticket.Ticket, ticket.Path, StringComparison.Ordinal);
        return ticket;
    }

    private sealed record TicketBody(string Ticket, string Path, DateTimeOffset ExpiresAt);

    /// <summary>A browser's side of the terminal: keystrokes as binary, resizes as JSON text; output collected as text.</summary>
    private sealed class TerminalClient : IAsyncDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
        private readonly ClientWebSocket _socket;
        private readonly HttpMessageInvoker _invoker;
        private readonly StringBuilder _output = new();

        private TerminalClient(ClientWebSocket socket, HttpMessageInvoker invoker)
        {
            _socket = socket;
            _invoker = invoker;
        }

        public static async Task<TerminalClient> ConnectAsync(EdgeProcess edge, string path, string? bearer = null)
        {
            var socket = new ClientWebSocket();
            socket.Options.HttpVersion = HttpVersion.Version11;
            if (bearer is not null)
                socket.Options.SetRequestHeader("Authorization", new AuthenticationHeaderValue("Bearer", bearer).ToString());
            var invoker = new HttpMessageInvoker(edge.CreateHandler());
            using var timeout = new CancellationTokenSource(Patience);
            await socket.ConnectAsync(new Uri($"wss://localhost:{edge.HttpsPort}{path}"), invoker, timeout.Token);
            return new TerminalClient(socket, invoker);
        }

        public Task TypeAsync(string keys) => _socket.SendAsync(Encoding.UTF8.GetBytes(keys), WebSocketMessageType.Binary, true, CancellationToken.None);

        public Task SendTextAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

        public Task ResizeAsync(int columns, int rows) => SendTextAsync(JsonSerializer.Serialize(new { type = "resize", cols = columns, rows }));

        /// <summary>Waits for <paramref name="text"/> in the terminal's output; what follows it stays for the next wait.</summary>
        public async Task ReadUntilAsync(string text)
        {
            using var timeout = new CancellationTokenSource(Patience);
            int found;
            while ((found = _output.ToString().IndexOf(text, StringComparison.Ordinal)) < 0)
            {
                var (type, payload) = await ReceiveAsync(timeout.Token);
                Assert.True(type == WebSocketMessageType.Binary, $"expected output while waiting for '{text}', got {type}: {payload}; output so far: {_output}");
            }

            _output.Remove(0, found + text.Length);
        }

        /// <summary>The next JSON text message, skipping terminal output.</summary>
        public async Task<JsonElement> NextControlAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            while (true)
            {
                var (type, payload) = await ReceiveAsync(timeout.Token);
                if (type == WebSocketMessageType.Text)
                    return JsonDocument.Parse(payload).RootElement.Clone();
                Assert.True(type == WebSocketMessageType.Binary, $"the socket closed before a control message; output: {_output}");
            }
        }

        public async Task<WebSocketCloseStatus?> WaitClosedAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var (type, _) = await ReceiveAsync(timeout.Token);
                if (type == WebSocketMessageType.Close)
                    break;
            }

            return _socket.CloseStatus;
        }

        private async Task<(WebSocketMessageType Type, string Payload)> ReceiveAsync(CancellationToken ct)
        {
            var buffer = new byte[64 * 1024];
            var message = new MemoryStream();
            ValueWebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer.AsMemory(), ct);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
            var text = Encoding.UTF8.GetString(message.ToArray());
            if (received.MessageType == WebSocketMessageType.Binary)
                _output.Append(text);
            return (received.MessageType, text);
        }

        public async ValueTask DisposeAsync()
        {
            if (_socket.State == WebSocketState.Open)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                }
                catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
                {
                    // The edge closed first.
                }
            }

            _socket.Dispose();
            _invoker.Dispose();
        }
    }
}
