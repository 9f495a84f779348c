using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EddCloud.Tests.Hosting;

namespace EddCloud.Tests.SingleNode;

/// <summary>
/// The real single-node cloud as a separate process (the silo with its embedded SQLite store and
/// the nats-server it supervises), on free loopback ports and a temp data directory. It can be
/// killed with SIGKILL and started again on the same data, as a crash would.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "orchid-lantern-93";

    private readonly Dictionary<string, string> _environment;
    private readonly TestProcess _process = new();
    private readonly int _siloPort;
    private readonly int _gatewayPort;

    private SiloProcess(string dataDirectory, Dictionary<string, string> environment)
    {
        DataDirectory = dataDirectory;
        _environment = environment;
        HttpPort = FreePort();
        NatsPort = FreePort();
        // Kept across restarts, as a machine keeps its ports: a restarted silo then supersedes its own old
        // membership entry instead of waiting for the cluster to vote a stranger dead.
        _siloPort = FreePort();
        _gatewayPort = FreePort();
        BaseAddress = new Uri($"http://localhost:{HttpPort}");
    }

    public string DataDirectory { get; }
    public int HttpPort { get; }
    public int NatsPort { get; }
    public Uri BaseAddress { get; }
    public string NatsUrl => $"nats://127.0.0.1:{NatsPort}";
    public int GatewayPort => _gatewayPort;
    public int ProcessId => _process.Id;

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output => _process.Output;

    /// <summary>Starts a silo on a new data directory. Extra settings use the EDD_* environment form.</summary>
    public static async Task<SiloProcess> StartAsync(IDictionary<string, string>? settings = null, bool withAdminPassword = true)
    {
        var data = Directory.CreateTempSubdirectory("edd-silo-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["EDD_ADMIN_USERNAME"] = AdminUsername,
            ["EDD_AUTH__LOGIN_REQUESTS_PER_MINUTE_PER_IP"] = "10000",
        };
        if (withAdminPassword)
            environment["EDD_ADMIN_PASSWORD"] = AdminPassword;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        var silo = new SiloProcess(data, environment);
        await silo.StartAsync();
        return silo;
    }

    /// <summary>Starts (again) on the same data directory and waits until /readyz answers 200.</summary>
    public async Task StartAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["EDD_DATA_DIRECTORY"] = DataDirectory,
            ["EDD_CLUSTER__SILO_PORT"] = _siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EDD_CLUSTER__GATEWAY_PORT"] = _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Every process is its own node, as if on its own machine.
            ["EDD_NODE_NAME"] = $"node-{HttpPort}",
            ["EDD_NATS__PORT"] = NatsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in _environment)
            environment[key] = value;
        _process.Start("EddCloud.Silo.dll", ["--urls", $"http://localhost:{HttpPort}"], environment);
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    }

    public HttpClient CreateClient() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = BaseAddress,
        // Generous: uploads in kill tests run on busy 2-core machines; a hang still ends the test.
        Timeout = TimeSpan.FromSeconds(120),
    };

    /// <summary>Signs in with a password and returns a client that sends the session token as a bearer.</summary>
    public async Task<HttpClient> SignInAsync(string username, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        Assert.True(response.IsSuccessStatusCode, $"sign-in of {username} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body!.Token);
        return client;
    }

    public Task<HttpClient> SignInAsAdminAsync() => SignInAsync(AdminUsername, AdminPassword);

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or power loss of the process.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>The process's exit code once it has exited, else null.</summary>
    public int? ExitCode => _process.ExitCode;

    /// <summary>SIGTERM and wait: the graceful shutdown path.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await _process.EndAsync();
        _process.Dispose();
        KillLeftOverEngine();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A straggling child may still hold a file; the temp directory is cleaned by the OS.
        }
    }

    /// <summary>
    /// A silo killed with -9 leaves its Podman engine running (as a real crash would); the next start of the silo
    /// stops it, but a test that ends without one must not leave it behind.
    /// </summary>
    private void KillLeftOverEngine()
    {
        var pidFile = Path.Combine(DataDirectory, "podman", "podman.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var pid))
            return;
        try
        {
            using var engine = Process.GetProcessById(pid);
            if (engine.ProcessName.StartsWith("podman", StringComparison.Ordinal))
                engine.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(5);
        var deadline = DateTime.UtcNow + timeout;
        string last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} while starting. Output:\n{Output}");
            try
            {
                using var response = await client.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "timed out";
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The silo was not ready within {timeout.TotalSeconds} s (last /readyz: {last}). Output:\n{Output}");
    }

    public static int FreePort() => TestPorts.Next();

    private sealed record TokenBody(string Token);
}
