using System.Runtime.CompilerServices;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.SingleNode;
using Microsoft.Playwright;

namespace EddCloud.Tests.Browser;

/// <summary>
/// One real silo serving the built dashboard (Client/web/dist) and one headless Chromium (Debian's
/// /usr/bin/chromium, never a downloaded one) shared by the browser tests of a collection. Each
/// signed-in person gets their own <see cref="IBrowserContext"/>, so cookies never leak between them.
/// A derived fixture may start the silo with more settings and clean up before it stops.
/// Chromium runs in a network namespace of its own whose loopback reaches only the dashboard's port on this host's
/// (<see cref="LoopbackBridge"/>): Chromium drops every open connection when the interfaces it sees change
/// (ERR_NETWORK_CHANGED), and on this host Podman adds and removes one for each container other tests start. A user's
/// browser is on another machine and never sees those changes; in its namespace, neither does this one.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Every Playwright action and web-first assertion gives up after this long.</summary>
    public static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(15);

    /// <summary>A whole test gives up after this long (screenshots are still taken).</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(50);

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", // we run as root
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private readonly IReadOnlyDictionary<string, string> _settings;
    private SiloProcess? _silo;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private HttpClient? _adminApi;
    private NetworkNamespace? _network;
    private LoopbackBridge? _bridge;
    private string? _launcherDirectory;

    public BrowserFixture()
        : this(null)
    {
    }

    /// <summary>A fixture whose silo gets these settings (EDD_* form) besides the dashboard's web root.</summary>
    protected BrowserFixture(IReadOnlyDictionary<string, string>? settings) => _settings = settings ?? new Dictionary<string, string>();

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    /// <summary>Where the browser opens the dashboard: the silo itself, or what a derived fixture puts in front of it.</summary>
    public Uri BaseAddress { get; protected set; } = new("http://localhost");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    /// <summary>
    /// An HttpClient signed in as the admin (bearer session), shared by the collection's tests to
    /// create their users: each password sign-in costs a second or two of hashing.
    /// </summary>
    public async Task<HttpClient> AdminApiAsync() => _adminApi ??= await Silo.SignInAsAdminAsync();

    /// <summary>Where failure screenshots go: beside the test assembly.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "browser-screenshots");

    public async Task InitializeAsync()
    {
        var webRoot = DashboardDist();
        try
        {
            var settings = new Dictionary<string, string>(_settings) { ["EDD_WEB_ROOT"] = webRoot };
            _silo = await SiloProcess.StartAsync(settings);
            BaseAddress = _silo.BaseAddress;
            var extraArgs = await StartInFrontAsync(_silo);
            if (!File.Exists(ChromiumPath))
                throw new InvalidOperationException($"Chromium is not at {ChromiumPath}: install Debian's package (apt-get install chromium). Playwright must not download browsers.");
            _network = await NetworkNamespace.CreateAsync();
            _bridge = LoopbackBridge.Start(_network, [BaseAddress.Port]);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumLauncher(_network),
                Headless = true,
                Args = [.. ChromiumArgs, .. extraArgs],
                Timeout = (float)TimeSpan.FromSeconds(30).TotalMilliseconds,
            });
            Assertions.SetDefaultExpectTimeout((float)ActionTimeout.TotalMilliseconds);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        _adminApi?.Dispose();
        _adminApi = null;
        if (_browser is not null)
            await _browser.CloseAsync();
        _browser = null;
        _playwright?.Dispose();
        _playwright = null;
        if (_bridge is not null)
            await _bridge.DisposeAsync();
        _bridge = null;
        if (_network is not null)
            await _network.DisposeAsync();
        _network = null;
        if (_launcherDirectory is not null)
            Directory.Delete(_launcherDirectory, recursive: true);
        _launcherDirectory = null;
        await StopInFrontAsync();
        if (_silo is not null)
        {
            try
            {
                await _silo.DisposeAsync();
            }
            finally
            {
                await CleanUpAsync(_silo);
            }
        }

        _silo = null;
    }

    /// <summary>
    /// What a derived fixture starts in front of the silo (an edge) before Chromium starts: it sets
    /// <see cref="BaseAddress"/> and returns Chromium arguments it needs (for example which certificate to trust).
    /// </summary>
    protected virtual Task<IReadOnlyList<string>> StartInFrontAsync(SiloProcess silo) => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>What a derived fixture stops before the silo stops.</summary>
    protected virtual Task StopInFrontAsync() => Task.CompletedTask;

    /// <summary>What a derived fixture removes once its silo has stopped (what tests left behind outside the silo).</summary>
    protected virtual Task CleanUpAsync(SiloProcess silo) => Task.CompletedTask;

    /// <summary>
    /// Runs one browser test: everything it opens through the <see cref="BrowserScenario"/> is closed
    /// afterwards; on failure (or after <paramref name="timeout"/>, default <see cref="TestTimeout"/>) every
    /// open page is saved as a screenshot and the assertion message names the files.
    /// </summary>
    public async Task RunAsync(Func<BrowserScenario, Task> test, TimeSpan? timeout = null, [CallerMemberName] string testName = "")
    {
        var limit = timeout ?? TestTimeout;
        await using var scenario = new BrowserScenario(this, testName);
        Exception? failure = null;
        var run = test(scenario);
        try
        {
            await run.WaitAsync(limit);
        }
        catch (TimeoutException e) when (!run.IsCompleted)
        {
            failure = new TimeoutException($"The test did not finish within {limit.TotalSeconds} s.", e);
        }
        catch (Exception e)
        {
            failure = e;
        }
        if (failure is null)
            return;
        var shots = await scenario.CaptureAllAsync();
        var where = shots.Count == 0 ? "no page was open to screenshot" : "screenshots: " + string.Join(", ", shots);
        var seen = scenario.DescribeWhatThePagesSaw();
        throw new Xunit.Sdk.XunitException($"{failure.GetType().Name}: {failure.Message}\n({where})\n{seen}\n{failure.StackTrace}", failure);
    }

    /// <summary>
    /// A script that starts Debian's Chromium inside <paramref name="network"/>, for Playwright to launch as the browser:
    /// exec keeps the process and the pipes Playwright talks to it through.
    /// </summary>
    private string ChromiumLauncher(NetworkNamespace network)
    {
        _launcherDirectory = Directory.CreateTempSubdirectory("edd-chromium-").FullName;
        var path = Path.Combine(_launcherDirectory, "chromium");
        var command = string.Join(' ', network.Command(ChromiumPath).Select(a => "'" + a + "'"));
        File.WriteAllText(path, $"#!/bin/sh\nexec {command} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Client/web/dist of this checkout; fails (never skips) when the dashboard has not been built.</summary>
    private static string DashboardDist()
    {
        var root = Repository.Root();
        var dist = Path.Combine(root, "Client", "web", "dist");
        if (!File.Exists(Path.Combine(dist, "index.html")))
            throw new InvalidOperationException(
                $"The dashboard is not built: {Path.Combine(dist, "index.html")} is missing. Run `npm ci && npm run build` in {Path.Combine(root, "Client", "web")} first.");
        return dist;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser (silo + headless Chromium)";
}
