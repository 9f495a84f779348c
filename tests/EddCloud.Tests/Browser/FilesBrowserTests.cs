using System.Text.Json;
using System.Text.RegularExpressions;
using EddCloud.Tests.Users;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EddCloud.Tests.Browser;

[Collection(BrowserCollection.Name)]
[IntegrationTest]
public sealed class FilesBrowserTests(BrowserFixture fixture, ITestOutputHelper output)
{
    /// <summary>Big enough for the server to report progress while it reads, small enough to stay quick.</summary>
    private const int FileSize = 3 * 1024 * 1024;

    /// <summary>
    /// Before any page script runs: records every upload-progress event the page's EventSources receive, and every
    /// text an upload's status line shows, so the test can tell what the person saw between its own looks.
    /// </summary>
    private const string RecordUploadsScript =
        """
        (() => {
          window.__progressEvents = [];
          window.__statusTexts = [];
          const Original = window.EventSource;
          window.EventSource = class extends Original {
            constructor(url, init) {
              super(url, init);
              this.addEventListener('progress', (e) => window.__progressEvents.push({ url: String(url), data: e.data }));
            }
          };
          const observer = new MutationObserver(() => {
            for (const el of document.querySelectorAll('[data-testid="upload-status"]')) {
              const name = el.closest('li')?.querySelector('.upload-name')?.textContent ?? '?';
              const entry = name + ': ' + el.textContent;
              if (window.__statusTexts[window.__statusTexts.length - 1] !== entry && !window.__statusTexts.includes(entry))
                window.__statusTexts.push(entry);
            }
          });
          document.addEventListener('DOMContentLoaded', () =>
            observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true }));
        })();
        """;

    /// <summary>Creates the File objects in the page (bytes from a seed, the same as <see cref="Content"/>) in a DataTransfer.</summary>
    private const string MakeDataTransferScript =
        """
        ([files, size]) => {
          const transfer = new DataTransfer();
          for (const [name, seed] of files) {
            const bytes = new Uint8Array(size);
            let x = seed >>> 0;
            for (let i = 0; i < size; i++) {
              x = (Math.imul(x, 1103515245) + 12345) >>> 0;
              bytes[i] = x >>> 24;
            }
            transfer.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
          }
          return transfer;
        }
        """;

    [Fact]
    public Task NewUser_DropsTwoFilesIntoPrivateNamespace_DownloadsOneAndSharesItWithSomeoneSignedOut() => fixture.RunAsync(async ui =>
    {
        var api = await fixture.AdminApiAsync();
        var user = await TestUsers.CreateAsync(api);
        var person = await ui.OpenAsync("owner");
        await person.Context.AddInitScriptAsync(RecordUploadsScript);
        await person.SignInAsync(user.Username, user.Password);
        var page = person.Page;

        // Files → create a private namespace → open it.
        await person.MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Files", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Files", Exact = true, Level = 1 })).ToBeVisibleAsync();
        var nsName = "holiday-" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("Namespace name", new() { Exact = true }).FillAsync(nsName);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Private", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create namespace", Exact = true }).ClickAsync();
        var namespaces = page.GetByRole(AriaRole.Table, new() { Name = "Namespaces" });
        var nsLink = namespaces.GetByRole(AriaRole.Link, new() { Name = nsName, Exact = true });
        await nsLink.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/files/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = nsName, Exact = true, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("namespace-visibility")).ToHaveTextAsync("Private");

        // Two files dropped on "Upload files", as a drag from the desktop would: dragenter, dragover, drop.
        (string Name, uint Seed)[] files = [("beach.bin", 7), ("mountain.bin", 1234567)];
        var region = page.GetByRole(AriaRole.Region, new() { Name = "Upload files", Exact = true });
        await Expect(region).ToBeVisibleAsync();
        var transfer = await page.EvaluateHandleAsync(MakeDataTransferScript, new object[] { files.Select(f => new object[] { f.Name, (int)f.Seed }).ToArray(), FileSize });
        foreach (var type in new[] { "dragenter", "dragover", "drop" })
            await region.DispatchEventAsync(type, new Dictionary<string, object> { ["dataTransfer"] = transfer });

        // Each file's bar fills and its status says "Uploaded", driven by the server's progress stream.
        foreach (var (name, _) in files)
        {
            var bar = region.GetByRole(AriaRole.Progressbar, new() { Name = $"Upload of {name}", Exact = true });
            await Expect(bar).ToBeVisibleAsync();
            var item = region.Locator("li").Filter(new() { Has = page.GetByRole(AriaRole.Progressbar, new() { Name = $"Upload of {name}", Exact = true }) });
            await Expect(item.GetByTestId("upload-status")).ToHaveTextAsync(new Regex("Uploaded$"));
            await Expect(bar).ToHaveJSPropertyAsync("max", FileSize);
            await Expect(bar).ToHaveJSPropertyAsync("value", FileSize);
        }
        await Expect(region.GetByRole(AriaRole.Status)).ToHaveTextAsync("2 uploaded.");
        await ui.SnapshotAsync(person, "uploaded");

        var statuses = await page.EvaluateAsync<string[]>("() => window.__statusTexts");
        output.WriteLine("status lines seen: " + string.Join(" | ", statuses));
        Assert.DoesNotContain(statuses, s => s.Contains("unavailable", StringComparison.Ordinal) || s.Contains("failed", StringComparison.OrdinalIgnoreCase));
        // Each bar was driven by its own server stream (not by the browser's fallback count): each stream told of its
        // upload running, with the file's path and size. Its last event may race the PUT's answer, which ends the
        // upload and closes the stream, so "succeeded" on the stream itself is not required.
        var events = JsonSerializer.Deserialize<ProgressEvent[]>(
            await page.EvaluateAsync<string>("() => JSON.stringify(window.__progressEvents)"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        output.WriteLine($"{events.Length} progress events: " + string.Join(" | ", events.Select(e => e.Data)));
        var started = events.Select(e => JsonDocument.Parse(e.Data).RootElement)
            .Where(e => e.GetProperty("state").GetString() is "running" or "succeeded" && e.GetProperty("totalBytes").GetInt64() == FileSize)
            .Select(e => e.GetProperty("path").GetString())
            .ToHashSet();
        Assert.Equal(files.Select(f => f.Name).Order(), started.Order());
        Assert.DoesNotContain(events, e => e.Data.Contains("\"failed\"", StringComparison.Ordinal));

        // Both are listed in the namespace's root.
        var listing = page.GetByRole(AriaRole.Table, new() { Name = "Files in /", Exact = true });
        foreach (var (name, _) in files)
            await Expect(listing.GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true })).ToBeVisibleAsync();

        // Download one: the very bytes that were dropped.
        var (picked, seed) = files[1];
        var expected = Content(seed, FileSize);
        var download = await page.RunAndWaitForDownloadAsync(() =>
            listing.GetByRole(AriaRole.Link, new() { Name = $"Download {picked}", Exact = true }).ClickAsync());
        Assert.Equal(picked, download.SuggestedFilename);
        Assert.Equal(expected, await File.ReadAllBytesAsync(await download.PathAsync()));

        // Copy link → Create link: a share link for that file.
        await listing.GetByRole(AriaRole.Button, new() { Name = $"Copy link to {picked}", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Link to {picked}", Exact = true });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create link", Exact = true }).ClickAsync();
        var linkBox = dialog.GetByRole(AriaRole.Textbox, new() { Name = "Link", Exact = true });
        await Expect(linkBox).ToHaveValueAsync(new Regex("^http://[^/]+/s/[^/]+$"));
        var link = await linkBox.InputValueAsync();
        Assert.StartsWith(ui.Silo.BaseAddress.ToString().TrimEnd('/') + "/s/", link, StringComparison.Ordinal);
        await ui.SnapshotAsync(person, "share-link");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // Someone else, never signed in, opens the link in their own browser and downloads the file.
        var stranger = await ui.OpenAsync("stranger");
        await stranger.Page.GotoAsync(link);
        await Expect(stranger.Page.GetByRole(AriaRole.Heading, new() { Name = picked, Exact = true, Level = 1 })).ToBeVisibleAsync();
        await Expect(stranger.CurrentUser).ToHaveCountAsync(0);
        Assert.Null(await stranger.SessionCookieAsync());
        var shared = await stranger.Page.RunAndWaitForDownloadAsync(() =>
            stranger.Page.GetByRole(AriaRole.Link, new() { Name = "Download", Exact = true }).ClickAsync());
        Assert.Equal(picked, shared.SuggestedFilename);
        Assert.Equal(expected, await File.ReadAllBytesAsync(await shared.PathAsync()));
        await ui.SnapshotAsync(stranger, "share-page");
    });

    /// <summary>
    /// Addresses a person opens directly (a share link, a bookmarked folder) load the dashboard even when they hold
    /// dots (a share token is "ns.share.secret"; folders like "v1.2"), while a missing asset or API path stays a 404.
    /// </summary>
    [Theory]
    [InlineData("/s/0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210.c2VjcmV0", true)]
    [InlineData("/files/6f1d3b8e-8a53-4d6e-9a57-3b1c2d4e5f60/releases/v1.2", true)]
    [InlineData("/public/6f1d3b8e-8a53-4d6e-9a57-3b1c2d4e5f60/2026.01", true)]
    [InlineData("/files", true)]
    [InlineData("/assets/missing-0123.js", false)]
    [InlineData("/api/nope.json", false)]
    public async Task DirectAddress_WithOrWithoutDots_DashboardOr404(string path, bool dashboard)
    {
        using var client = fixture.Silo.CreateClient();
        using var answer = await client.GetAsync(path);
        if (dashboard)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<div id=\"root\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, answer.StatusCode);
        }
    }

    /// <summary>The bytes <see cref="MakeDataTransferScript"/> makes in the page for <paramref name="seed"/>.</summary>
    private static byte[] Content(uint seed, int size)
    {
        var bytes = new byte[size];
        var x = seed;
        for (var i = 0; i < size; i++)
        {
            x = unchecked(x * 1103515245u + 12345u);
            bytes[i] = (byte)(x >> 24);
        }
        return bytes;
    }

    private sealed record ProgressEvent(string Url, string Data);
}
