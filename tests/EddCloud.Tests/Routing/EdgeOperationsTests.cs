using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Routing;

/// <summary>The edge as an operator configures it: their own certificate (reloaded), rate limits, and silos that go away.</summary>
[IntegrationTest]
public sealed class EdgeOperationsTests : IAsyncLifetime
{
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task OperatorsCertificate_IsServed_AndReplacedWithoutRestart_WhenItsFilesChange()
    {
        var folder = Directory.CreateTempSubdirectory("edd-certs-").FullName;
        try
        {
            var certificatePath = Path.Combine(folder, "fullchain.pem");
            var keyPath = Path.Combine(folder, "privkey.pem");
            WriteSelfSigned(certificatePath, keyPath, "first.example");
            await using var edge = await EdgeProcess.StartAsync(_silo, new Dictionary<string, string>
            {
                ["EDD_EDGE__CERTIFICATE_PATH"] = certificatePath,
                ["EDD_EDGE__CERTIFICATE_KEY_PATH"] = keyPath,
            }, waitForReady: false);
            await ApiAssert.EventuallyAsync(async () => (await ServedSubjectAsync(edge.HttpsPort)) is not null, TimeSpan.FromSeconds(60), "the edge serves TLS");
            Assert.Equal("CN=first.example", await ServedSubjectAsync(edge.HttpsPort));

            // As certbot renews: the key, then the chain, replaced in place.
            WriteSelfSigned(certificatePath, keyPath, "second.example");
            await ApiAssert.EventuallyAsync(async () => await ServedSubjectAsync(edge.HttpsPort) == "CN=second.example", TimeSpan.FromSeconds(20),
                "the renewed certificate is served without a restart");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task RequestsBeyondTheClientsRate_Get429WithRetryAfter_AndAreServedAgainAfterwards()
    {
        await using var edge = await EdgeProcess.StartAsync(_silo, new Dictionary<string, string>
        {
            ["EDD_EDGE__REQUESTS_PER_SECOND_PER_IP"] = "5",
            ["EDD_EDGE__REQUEST_BURST_PER_IP"] = "10",
        });
        using var client = edge.CreateClient();
        await Task.Delay(TimeSpan.FromSeconds(3)); // the readiness probes' tokens come back
        // At least three seconds of requests, twenty at a time: no more than the burst (10) and 5 a second get
        // through. A token bucket's refills run on a timer, which a busy machine delays and then catches up: one
        // extra refill allowed. The requests go on until well more were sent than could have been served in the time
        // taken, so the limit must have refused some however slowly a loaded machine sends them.
        static int MostServed(TimeSpan elapsed) => 10 + (int)Math.Ceiling((elapsed.TotalSeconds + 2) * 5);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        string? retryAfter = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(3) || statuses.Count < MostServed(clock.Elapsed) + 20)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"only {statuses.Count} requests were sent in {clock.Elapsed.TotalSeconds:0.0} s");
            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/healthz")));
            statuses.AddRange(responses.Select(response => response.StatusCode));
            retryAfter ??= responses.FirstOrDefault(response => response.StatusCode == HttpStatusCode.TooManyRequests)?.Headers.RetryAfter?.ToString();
            foreach (var response in responses)
                response.Dispose();
        }

        var elapsed = clock.Elapsed;
        var served = statuses.Count(status => status == HttpStatusCode.OK);
        Assert.True(served >= 10 && served <= MostServed(elapsed), $"{served} of {statuses.Count} requests served in {elapsed.TotalSeconds:0.0} s; expected 10 to {MostServed(elapsed)}");
        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"unexpected {status}"));
        Assert.Equal("1", retryAfter);
        await Task.Delay(TimeSpan.FromSeconds(2));
        using var later = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task ASiloThatRefusesConnections_IsPassedOver_ForEveryReadRequest()
    {
        var gone = TestPorts.Next();
        await using var edge = await EdgeProcess.StartAsync(_silo, new Dictionary<string, string>
        {
            ["EDD_EDGE__API_URLS__0"] = $"http://127.0.0.1:{gone}",
        });
        using var client = edge.CreateClient();
        for (var index = 0; index < 20; index++)
        {
            using var response = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Contains($"The silo at http://127.0.0.1:{gone} refused the connection", edge.Output, StringComparison.Ordinal);
    }

    private static void WriteSelfSigned(string certificatePath, string keyPath, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
    }

    private static async Task<string?> ServedSubjectAsync(int port)
    {
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            X509Certificate? served = null;
            await using var ssl = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
            {
                served = certificate is null ? null : new X509Certificate2(certificate);
                return true;
            });
            await ssl.AuthenticateAsClientAsync("localhost");
            return served?.Subject;
        }
        catch (Exception exception) when (exception is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            return null;
        }
    }
}
