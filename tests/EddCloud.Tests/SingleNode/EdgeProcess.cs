using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using EddCloud.Tests.Hosting;

namespace EddCloud.Tests.SingleNode;

/// <summary>
/// The real edge as a separate process in front of a <see cref="SiloProcess"/>: HTTPS, plain HTTP (redirects) and
/// the SSH gateway on free loopback ports, its local certificate authority under its own data directory.
/// </summary>
public sealed class EdgeProcess : IAsyncDisposable
{
    private readonly TestProcess _process = new();
    private readonly Dictionary<string, string> _environment;

    private EdgeProcess(SiloProcess silo, Dictionary<string, string> environment)
    {
        Silo = silo;
        _environment = environment;
        DataDirectory = Directory.CreateTempSubdirectory("edd-edge-").FullName;
        HttpsPort = TestPorts.Next();
        HttpPort = TestPorts.Next();
        SshPort = TestPorts.Next();
    }

    public SiloProcess Silo { get; }
    public string DataDirectory { get; }
    public int HttpsPort { get; }
    public int HttpPort { get; }
    public int SshPort { get; }

    /// <summary>The local certificate authority's certificate (what users trust).</summary>
    public string AuthorityPath => Path.Combine(DataDirectory, "edge", "tls", "ca.pem");

    /// <summary>The dashboard's address through the edge.</summary>
    public Uri BaseAddress => new($"https://localhost:{HttpsPort}");

    public string Output => _process.Output;

    /// <summary>Starts an edge in front of <paramref name="silo"/>. Extra settings use the EDD_* environment form.</summary>
    /// <param name="waitForReady">
    /// False for an edge whose certificate is not from its own authority (the readiness probe trusts only that).
    /// </param>
    public static async Task<EdgeProcess> StartAsync(SiloProcess silo, IDictionary<string, string>? settings = null, bool waitForReady = true)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>());
        var edge = new EdgeProcess(silo, environment);
        await edge.StartAsync(waitForReady);
        return edge;
    }

    public async Task StartAsync(bool waitForReady = true)
    {
        var environment = new Dictionary<string, string>
        {
            ["EDD_DATA_DIRECTORY"] = DataDirectory,
            ["EDD_CLUSTER__GATEWAY_PORT"] = Silo.GatewayPort.ToString(CultureInfo.InvariantCulture),
            ["EDD_EDGE__LISTEN_ADDRESS"] = "127.0.0.1",
            ["EDD_EDGE__HTTPS_PORT"] = HttpsPort.ToString(CultureInfo.InvariantCulture),
            ["EDD_EDGE__HTTP_PORT"] = HttpPort.ToString(CultureInfo.InvariantCulture),
            ["EDD_EDGE__SSH_PORT"] = SshPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in _environment)
            environment[key] = value;
        _process.Start("EddCloud.Edge.dll", [], environment);
        if (waitForReady)
            await WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    }

    public Task KillAsync() => _process.KillAsync();

    /// <summary>
    /// A client that trusts only this edge's certificate authority and connects every host name to the edge (as DNS
    /// pointing *.localhost at this machine would).
    /// </summary>
    public HttpClient CreateClient(Version? version = null) => new(CreateHandler())
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestVersion = version ?? HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    public SocketsHttpHandler CreateHandler()
    {
        var authority = X509CertificateLoader.LoadCertificateFromFile(AuthorityPath);
        return new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    var port = context.DnsEndPoint.Port;
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                        return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            },
        };
    }

    /// <summary>The URL of <paramref name="host"/> on this edge's HTTPS port.</summary>
    public Uri Url(string host, string pathAndQuery = "/") => new($"https://{host}:{HttpsPort}{pathAndQuery}");

    /// <summary>Runs curl against the edge (trusting its authority, every host resolved to loopback) and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output, string Error)> CurlAsync(string host, params string[] arguments)
    {
        string[] all = ["-sS", "--max-time", "60", "--cacert", AuthorityPath,
            "--resolve", $"{host}:{HttpsPort}:127.0.0.1", "--resolve", $"{host}:{HttpPort}:127.0.0.1", .. arguments];
        return await ExternalTool.RunAsync("curl", all, TimeSpan.FromSeconds(90));
    }

    public async ValueTask DisposeAsync()
    {
        await _process.EndAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans its temp directory.
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The edge exited with code {_process.ExitCode} while starting. Output:\n{Output}");
            if (File.Exists(AuthorityPath))
            {
                try
                {
                    using var client = CreateClient();
                    client.Timeout = TimeSpan.FromSeconds(5);
                    using var response = await client.GetAsync("/readyz");
                    if (response.StatusCode == HttpStatusCode.OK)
                        return;
                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
                {
                    last = exception.Message;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The edge was not ready within {timeout.TotalSeconds} s (last /readyz: {last}). Output:\n{Output}");
    }
}
