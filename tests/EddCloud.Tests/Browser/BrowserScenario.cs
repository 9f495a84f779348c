using System.Text.RegularExpressions;
using EddCloud.Tests.SingleNode;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EddCloud.Tests.Browser;

/// <summary>What one browser test opened: a browser context (a person) per <see cref="OpenAsync"/>.</summary>
public sealed class BrowserScenario(BrowserFixture fixture, string testName) : IAsyncDisposable
{
    private readonly List<BrowserUser> _people = [];

    public SiloProcess Silo => fixture.Silo;

    /// <summary>A fresh browser context (own cookies and storage) with one page, as a separate person or device.</summary>
    public async Task<BrowserUser> OpenAsync(string who)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout((float)BrowserFixture.ActionTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)BrowserFixture.ActionTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var person = new BrowserUser(who, context, page, fixture.BaseAddress);
        person.RecordWhatThePageSees();
        _people.Add(person);
        return person;
    }

    /// <summary>Saves a full-page screenshot of every open page; returns the file paths.</summary>
    public async Task<IReadOnlyList<string>> CaptureAllAsync()
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        var stamp = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var paths = new List<string>();
        foreach (var person in _people)
        {
            if (person.Page.IsClosed)
                continue;
            var path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{testName}-{Safe(person.Who)}-{stamp}.png");
            try
            {
                await person.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 5_000 });
                paths.Add($"{path} ({person.Who} at {person.Page.Url})");
            }
            catch (PlaywrightException e)
            {
                paths.Add($"{person.Who}: screenshot failed ({e.Message.Split('\n')[0]})");
            }
        }
        return paths;
    }

    /// <summary>What each open page saw (console, page errors, WebSocket frames), for a failure message.</summary>
    public string DescribeWhatThePagesSaw() => string.Join('\n', _people
        .Where(person => !person.Seen.IsEmpty)
        .Select(person => $"{person.Who} saw:\n  " + string.Join("\n  ", person.Seen)));

    /// <summary>A screenshot taken on purpose (to look at the page), beside the failure screenshots.</summary>
    public async Task<string> SnapshotAsync(BrowserUser person, string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{testName}-{Safe(name)}.png");
        await person.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var person in _people)
        {
            try
            {
                await person.Context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // The browser may already be gone after a failure; nothing left to close.
            }
        }
        _people.Clear();
    }

    private static string Safe(string name) => Regex.Replace(name, "[^A-Za-z0-9_-]", "_");
}

/// <summary>One person's browser context and page, with the steps the dashboard tests share.</summary>
public sealed class BrowserUser(string who, IBrowserContext context, IPage page, Uri origin)
{
    public const string SessionCookie = "edd_session";
    private const int SeenLimit = 60;
    private const int SeenLineLimit = 300;

    public string Who { get; } = who;
    public IBrowserContext Context { get; } = context;
    public IPage Page { get; } = page;

    /// <summary>The last <see cref="SeenLimit"/> things the page logged or received, newest last.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Seen { get; } = new();

    /// <summary>
    /// Records the page's console, its uncaught errors and its WebSockets' frames: when a test fails, they tell whether
    /// the server's bytes reached the page (a blank terminal whose prompt had arrived was found this way).
    /// </summary>
    internal void RecordWhatThePageSees()
    {
        Page.Console += (_, message) => Note($"console {message.Type}: {message.Text}");
        Page.PageError += (_, error) => Note($"page error: {error}");
        Page.WebSocket += (_, socket) =>
        {
            var path = new Uri(socket.Url).AbsolutePath;
            socket.FrameReceived += (_, frame) => Note($"{path} received {Frame(frame)}");
            socket.FrameSent += (_, frame) => Note($"{path} sent {Frame(frame)}");
            socket.Close += (_, _) => Note($"{path} closed");
        };
    }

    private static string Frame(IWebSocketFrame frame) =>
        frame.Binary is { } bytes ? $"{bytes.Length} bytes: {System.Text.Encoding.UTF8.GetString(bytes)}" : frame.Text ?? "";

    private void Note(string what)
    {
        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {what}";
        Seen.Enqueue(line.Length > SeenLineLimit ? line[..SeenLineLimit] + "…" : line);
        while (Seen.Count > SeenLimit)
            Seen.TryDequeue(out _);
    }

    public ILocator CurrentUser => Page.GetByTestId("current-user");

    public ILocator SignInHeading => Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Exact = true });

    public ILocator MainNavigation => Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

    /// <summary>Opens the dashboard's sign-in page and fills and submits the form (no outcome awaited).</summary>
    public async Task SubmitSignInAsync(string username, string password)
    {
        await Page.GotoAsync("/sign-in");
        await Expect(SignInHeading).ToBeVisibleAsync();
        await Page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>Signs in through the page and waits until the header names the user.</summary>
    public async Task SignInAsync(string username, string password)
    {
        await SubmitSignInAsync(username, password);
        await Expect(CurrentUser).ToHaveTextAsync(username);
    }

    public Task SignInAsAdminAsync() => SignInAsync(SiloProcess.AdminUsername, SiloProcess.AdminPassword);

    /// <summary>The cookie jar's session cookie for the dashboard's origin, or null.</summary>
    public async Task<BrowserContextCookiesResult?> SessionCookieAsync()
    {
        var cookies = await Context.CookiesAsync([origin.ToString()]);
        return cookies.SingleOrDefault(c => c.Name == SessionCookie);
    }

    /// <summary>Every localStorage and sessionStorage entry of the page's origin as "where key=value".</summary>
    public async Task<IReadOnlyList<string>> WebStorageEntriesAsync()
    {
        var entries = await Page.EvaluateAsync<string[]>(
            """
            () => {
              const all = [];
              for (const [where, store] of [['localStorage', window.localStorage], ['sessionStorage', window.sessionStorage]]) {
                for (let i = 0; i < store.length; i++) {
                  const key = store.key(i);
                  all.push(`${where} ${key}=${store.getItem(key)}`);
                }
              }
              return all;
            }
            """);
        return entries;
    }
}
