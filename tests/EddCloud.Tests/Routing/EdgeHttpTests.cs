using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Routing;

/// <summary>The edge over real TLS with real clients (curl, HttpClient, ClientWebSocket): the dashboard host, static routes, pass-through and its own error pages.</summary>
[Collection(EdgeCollection.Name)]
[IntegrationTest]
public sealed class EdgeHttpTests(EdgeFixture fixture)
{
    private EdgeProcess Edge => fixture.Edge;

    [Fact]
    public async Task DashboardHost_ServesTheApi_OverHttp2WithAVerifiedCertificate_AndHttpRedirectsToHttps()
    {
        // curl verifies the certificate against the edge's local authority only (no -k), for the dashboard and an app host.
        var page = await Edge.CurlAsync("localhost", "--http2", "-i", Edge.Url("localhost", "/healthz").ToString());
        Assert.True(page.ExitCode == 0, page.Error);
        Assert.StartsWith("HTTP/2 200", page.Output, StringComparison.Ordinal);
        Assert.Contains("strict-transport-security: max-age=", page.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("(?im)^x-request-id: [0-9a-f]{32}", page.Output);
        var app = await Edge.CurlAsync("nothing.apps.localhost", "-o", "/dev/null", "-w", "%{http_code} %{ssl_verify_result}", Edge.Url("nothing.apps.localhost").ToString());
        Assert.Equal("404 0", app.Output);

        var redirect = await Edge.CurlAsync("localhost", "-i", $"http://localhost:{Edge.HttpPort}/files/x?y=1");
        Assert.StartsWith("HTTP/1.1 308", redirect.Output, StringComparison.Ordinal);
        Assert.Contains($"Location: https://localhost:{Edge.HttpsPort}/files/x?y=1", redirect.Output, StringComparison.OrdinalIgnoreCase);

        // The API through the edge: sign in, then read the account; the silo sees the scheme the user used.
        using var client = Edge.CreateClient();
        using var signIn = await client.PostAsJsonAsync("/api/auth/token", new { username = SiloProcess.AdminUsername, password = SiloProcess.AdminPassword });
        await ApiAssert.StatusAsync(signIn, HttpStatusCode.OK, "sign-in through the edge");
        Assert.Equal(HttpVersion.Version20, signIn.Version);
        var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        me.Headers.Authorization = new("Bearer", token);
        using var meResponse = await client.SendAsync(me);
        await ApiAssert.StatusAsync(meResponse, HttpStatusCode.OK, "GET /api/me through the edge");
        Assert.Equal(SiloProcess.AdminUsername, (await meResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("username").GetString());
        var openApi = await client.GetFromJsonAsync<JsonElement>("/api/openapi.json");
        Assert.StartsWith($"https://localhost:{Edge.HttpsPort}", openApi.GetProperty("servers")[0].GetProperty("url").GetString(), StringComparison.Ordinal);

        // Links the API hands out name the address the user reached, not the silo behind the edge.
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var ns = await StorageApi.CreateNamespaceAsync(client);
        await StorageApi.PutAsync(client, ns.Id, "shared.txt", "hello"u8.ToArray());
        using var shared = await client.PostAsJsonAsync($"/api/namespaces/{ns.Id}/shares", new { path = "shared.txt" });
        await ApiAssert.StatusAsync(shared, HttpStatusCode.Created, "share through the edge");
        var link = (await shared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        Assert.StartsWith($"https://localhost:{Edge.HttpsPort}/s/", link, StringComparison.Ordinal);
        using var anonymous = Edge.CreateClient();
        Assert.Equal("hello", await anonymous.GetStringAsync($"/api/shares/{link[(link.LastIndexOf('/') + 1)..]}"));
    }

    [Fact]
    public async Task TheCli_TrustsTheEdgesAuthority_OnlyWhenToldToWithEddCaCert()
    {
        var server = new Uri($"https://localhost:{Edge.HttpsPort}");
        using (var trusting = EddCloud.Cli.CliHost.CreateRealHttpClient(server, Edge.AuthorityPath))
        using (var health = await trusting.GetAsync("/healthz"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        using var plain = EddCloud.Cli.CliHost.CreateRealHttpClient(server, null);
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync("/healthz"));
    }

    [Fact]
    public async Task RoutesYaml_RoutesByHostAndPrefixOnSegmentBoundaries_StripsPrefixes_AndReloadsWhenTheFileChanges()
    {
        using var client = Edge.CreateClient();
        await fixture.WriteRoutesAsync($"""
            routes:
              - host: site.test
                backend: {fixture.A.Url}
              - host: site.test
                pathPrefix: /b
                stripPrefix: true
                backend: {fixture.B.Url}
              - host: other.test
                pathPrefix: /keep
                backend: {fixture.B.Url}
            """, async () => (await TryEchoAsync(client, "other.test", "/keep/z"))?.Backend == "B");

        Assert.Equal(("A", "/x"), Seen(await EchoAsync(client, "site.test", "/x?q=1")));
        Assert.Equal(("B", "/y"), Seen(await EchoAsync(client, "site.test", "/b/y")));
        Assert.Equal(("B", "/"), Seen(await EchoAsync(client, "site.test", "/b")));
        Assert.Equal(("A", "/bb"), Seen(await EchoAsync(client, "site.test", "/bb")));
        Assert.Equal(("B", "/keep/z"), Seen(await EchoAsync(client, "other.test", "/keep/z")));
        Assert.Equal("?q=1", (await EchoAsync(client, "site.test", "/x?q=1")).Query);
        using (var outside = await client.GetAsync(Edge.Url("other.test", "/keeper")))
        {
            Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
            Assert.Contains("Nothing is published here", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Removing a route from the file removes it from the table; changing one changes it.
        await fixture.WriteRoutesAsync($"""
            routes:
              - host: site.test
                backend: {fixture.B.Url}
            """, async () => (await TryEchoAsync(client, "other.test", "/keep/z")) is null && (await TryEchoAsync(client, "site.test", "/x"))?.Backend == "B");
        Assert.Equal(("B", "/b/y"), Seen(await EchoAsync(client, "site.test", "/b/y")));
    }

    [Fact]
    public async Task ForwardingHeaders_AreSetByTheEdge_AndAClientsOwnAreNotBelieved()
    {
        using var client = Edge.CreateClient();
        await fixture.WriteRoutesAsync($"routes:\n  - host: headers.test\n    backend: {fixture.A.Url}\n", async () => (await TryEchoAsync(client, "headers.test", "/"))?.Backend == "A");

        using var request = new HttpRequestMessage(HttpMethod.Get, Edge.Url("headers.test", "/who"));
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "gopher");
        request.Headers.Add("X-Request-ID", "chosen-by-the-client");
        using var response = await client.SendAsync(request);
        var echo = (await response.Content.ReadFromJsonAsync<EchoBody>())!;
        Assert.Equal("127.0.0.1", echo.Headers["X-Forwarded-For"]);
        Assert.Equal("https", echo.Headers["X-Forwarded-Proto"]);
        Assert.Equal($"headers.test:{Edge.HttpsPort}", echo.Headers["X-Forwarded-Host"]);
        var id = Assert.Single(response.Headers.GetValues("X-Request-ID"));
        Assert.NotEqual("chosen-by-the-client", id);
        Assert.Equal(id, echo.Headers["X-Request-ID"]);
    }

    [Fact]
    public async Task WebSocketsAndServerSentEvents_PassThroughUnbuffered()
    {
        using var client = Edge.CreateClient();
        await fixture.WriteRoutesAsync($"routes:\n  - host: stream.test\n    backend: {fixture.B.Url}\n", async () => (await TryEchoAsync(client, "stream.test", "/"))?.Backend == "B");

        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version11;
        using var invoker = new HttpMessageInvoker(Edge.CreateHandler());
        await socket.ConnectAsync(new Uri($"wss://stream.test:{Edge.HttpsPort}/ws"), invoker, CancellationToken.None);
        var big = RandomNumberGenerator.GetBytes(1024 * 1024);
        foreach (var message in new[] { Encoding.UTF8.GetBytes("hello"), big })
        {
            await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            var echoed = new MemoryStream();
            var buffer = new byte[64 * 1024];
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                echoed.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
            Assert.Equal(message, echoed.ToArray());
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        // The backend sends an event every 0.4 s: the first must arrive long before the last is sent.
        var clock = Stopwatch.StartNew();
        using var events = await client.GetAsync(Edge.Url("stream.test", "/sse"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
        Assert.Equal("data: event 1", await reader.ReadLineAsync());
        var first = clock.Elapsed;
        var rest = await reader.ReadToEndAsync();
        Assert.Contains("data: event 5", rest, StringComparison.Ordinal);
        Assert.True(clock.Elapsed - first > TimeSpan.FromSeconds(1), $"the stream arrived at once after {first.TotalSeconds:0.00} s: it was buffered");
    }

    [Fact]
    public async Task WebSocketOverHttp2_WhereOnlyTheServerTalks_StaysOpen()
    {
        using var client = Edge.CreateClient();
        await fixture.WriteRoutesAsync($"routes:\n  - host: push-socket.test\n    backend: {fixture.B.Url}\n", async () => (await TryEchoAsync(client, "push-socket.test", "/"))?.Backend == "B");

        // Exactly HTTP/2, as browsers use it: the socket is then the request's body, and the browser sends nothing on
        // it while the app pushes. Kestrel's minimum body rate (240 bytes/s after a 5 s grace) would cut such a socket
        // unless the proxy lifts it (YARP does, for what it forwards); the app's ticks keep the proxy's own idle
        // timeout (3 s here) from ending it, so any cut inside the 10 s fails this test.
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var invoker = new HttpMessageInvoker(Edge.CreateHandler());
        await socket.ConnectAsync(new Uri($"wss://push-socket.test:{Edge.HttpsPort}/ws/ticks"), invoker, CancellationToken.None);

        var buffer = new byte[256];
        var clock = Stopwatch.StartNew();
        var last = "";
        var ticks = 0;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), limit.Token);
            Assert.True(received.MessageType == WebSocketMessageType.Text, $"the socket ended after {clock.Elapsed.TotalSeconds:0.0} s ({received.MessageType}, last message '{last}')");
            last = Encoding.UTF8.GetString(buffer, 0, received.Count);
            ticks++;
            // Every tick the app sent, in order, on this one socket: none lost, none from a socket opened again.
            Assert.Equal($"tick {ticks}", last);
        }

        // The app ticks every 0.5 s, but how many arrive in 10 s depends on how busy the machine is: what matters is
        // that the ticks kept coming on the same socket until past 10 s (the loop above), not their count.
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", limit.Token);
    }

    [Fact]
    public async Task OneGibUpload_PassesThroughTheEdge_Intact()
    {
        using var client = Edge.CreateClient();
        await fixture.WriteRoutesAsync($"routes:\n  - host: upload.test\n    backend: {fixture.A.Url}\n", async () => (await TryEchoAsync(client, "upload.test", "/"))?.Backend == "A");

        const long size = 1024L * 1024 * 1024;
        var generated = new Dfs.Disks.GeneratedStream(size, seed: 7, sha256: true);
        using var content = new StreamContent(generated, 256 * 1024);
        content.Headers.ContentLength = size;
        using var response = await client.PostAsync(Edge.Url("upload.test", "/upload"), content);
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, "1 GiB upload");
        var body = (await response.Content.ReadFromJsonAsync<UploadBody>())!;
        Assert.Equal(size, body.Bytes);
        Assert.Equal(generated.Sha256, body.Sha256);
    }

    [Fact]
    public async Task UnreachableAndSlowBackends_GetPagesThatSayWhatHappened()
    {
        using var client = Edge.CreateClient();
        var closed = Hosting.TestPorts.Next();
        await fixture.WriteRoutesAsync($"""
            routes:
              - host: down.test
                backend: http://127.0.0.1:{closed}
              - host: slow.test
                backend: {fixture.A.Url}
            """, async () => (await TryEchoAsync(client, "slow.test", "/"))?.Backend == "A");

        using (var page = await client.GetAsync(Edge.Url("down.test", "/")))
        {
            Assert.Equal(HttpStatusCode.BadGateway, page.StatusCode);
            Assert.Contains("cannot be reached", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var problem = new HttpRequestMessage(HttpMethod.Get, Edge.Url("down.test", "/")))
        {
            problem.Headers.Accept.ParseAdd("application/json");
            using var response = await client.SendAsync(problem);
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var clock = Stopwatch.StartNew();
        using var slow = await client.GetAsync(Edge.Url("slow.test", "/slow"));
        Assert.Equal(HttpStatusCode.GatewayTimeout, slow.StatusCode);
        Assert.Contains("did not answer in time", await slow.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the 504 took {clock.Elapsed.TotalSeconds:0} s");
    }

    [Fact]
    public async Task OversizedHeadersAndInvalidHosts_AreRefused_AndSlowHeaderClientsAreDropped_WhileOthersAreServed()
    {
        var oversized = await Edge.CurlAsync("localhost", "-o", "/dev/null", "-w", "%{http_code}", "--http1.1", "-H", "X-Big: " + new string('a', 40 * 1024), Edge.Url("localhost", "/healthz").ToString());
        Assert.Equal("431", oversized.Output);

        Assert.StartsWith("HTTP/1.1 400", await RawRequestAsync("GET / HTTP/1.1\r\nHost: bad host!\r\n\r\n"), StringComparison.Ordinal);

        // Twenty clients that trickle their headers a byte a second (slowloris) hold nothing for long.
        var slow = Enumerable.Range(0, 20).Select(_ => TrickleAsync()).ToList();
        using var client = Edge.CreateClient();
        var clock = Stopwatch.StartNew();
        using (var healthy = await client.GetAsync("/healthz"))
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        // An edge that made it wait for the slow clients would answer only once they are dropped, after the headers
        // timeout; the normal request must be answered before that (it takes well under a second idle).
        var timeout = EdgeFixture.RequestHeadersTimeout;
        Assert.True(clock.Elapsed < timeout, $"a normal request took {clock.Elapsed.TotalSeconds:0.0} s beside the slow clients, as long as the {timeout.TotalSeconds:0} s headers timeout");
        var dropped = await Task.WhenAll(slow);
        // Dropped at the headers timeout; the slack is for a loaded machine's late timers (TrickleAsync gives up at 30 s).
        Assert.All(dropped, after => Assert.True(after < timeout + TimeSpan.FromSeconds(10), $"a slow client was held {after.TotalSeconds:0} s (headers timeout {timeout.TotalSeconds:0} s)"));
    }

    private async Task<TimeSpan> TrickleAsync()
    {
        var clock = Stopwatch.StartNew();
        using var stream = await OpenTlsAsync("localhost");
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));
        // The edge answers (408) or closes the connection: either ends this read.
        var dropped = stream.ReadAsync(new byte[512]).AsTask();
        for (var second = 0; second < 30 && !dropped.IsCompleted; second++)
        {
            try
            {
                await stream.WriteAsync("a"u8.ToArray());
                await stream.FlushAsync();
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(dropped, Task.Delay(TimeSpan.FromSeconds(1)));
        }

        return clock.Elapsed;
    }

    private async Task<string> RawRequestAsync(string request)
    {
        using var stream = await OpenTlsAsync("localhost");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream);
        return await reader.ReadLineAsync() ?? "";
    }

    private async Task<SslStream> OpenTlsAsync(string host)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Edge.HttpsPort);
        var authority = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(Edge.AuthorityPath);
        var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate is not null);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host, ApplicationProtocols = [SslApplicationProtocol.Http11] });
        return ssl;
    }

    private async Task<EchoBody> EchoAsync(HttpClient client, string host, string pathAndQuery)
    {
        using var response = await client.GetAsync(Edge.Url(host, pathAndQuery));
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, $"GET {host}{pathAndQuery}");
        return (await response.Content.ReadFromJsonAsync<EchoBody>())!;
    }

    /// <summary>What the backend behind the host saw, or null while no route leads there (no certificate yet, or a 404).</summary>
    private async Task<EchoBody?> TryEchoAsync(HttpClient client, string host, string pathAndQuery)
    {
        try
        {
            using var response = await client.GetAsync(Edge.Url(host, pathAndQuery));
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<EchoBody>() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static (string Backend, string Path) Seen(EchoBody echo) => (echo.Backend, echo.Path);
}
