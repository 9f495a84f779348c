using System.Text.RegularExpressions;
using EddCloud.Tests.Compute;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EddCloud.Tests.Browser;

/// <summary>The browser fixture on a compute silo (real Podman, the node watcher every second); removes leftover containers.</summary>
public sealed class ComputeBrowserFixture() : BrowserFixture(ComputeApi.Settings())
{
    protected override async Task CleanUpAsync(SiloProcess silo)
    {
        await ComputeApi.RemoveLeftoversAsync(silo);
    }
}

[CollectionDefinition(Name)]
public sealed class ComputeBrowserCollection : ICollectionFixture<ComputeBrowserFixture>
{
    public const string Name = "browser on a compute silo (silo + Podman + headless Chromium)";
}

[Collection(ComputeBrowserCollection.Name)]
[IntegrationTest]
public sealed class ContainersBrowserTests(ComputeBrowserFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>A container may take a while to start, and a stop waits for SIGTERM (then SIGKILL after 10 s).</summary>
    private static readonly LocatorAssertionsToHaveTextOptions StatusWithin = new() { Timeout = 60_000 };

    [Fact]
    public Task NewUser_CreatesAContainer_SeesItRunWithItsSshCommand_StopsIt_AndDeletesIt() => fixture.RunAsync(async ui =>
    {
        var api = await fixture.AdminApiAsync();
        var user = await TestUsers.CreateAsync(api);
        using var owner = await user.SignInAsync(fixture.Silo);
        var person = await ui.OpenAsync("owner");
        await person.SignInAsync(user.Username, user.Password);
        var page = person.Page;
        // Every API answer that failed, in the test's output: what the page got when it shows an error.
        var failed = new List<string>();
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
                failed.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {r.Request.Method} {r.Url} -> {r.Status}");
        };
        var name = ComputeApi.NewName("web");
        try
        {
            // Containers → New container → Name → Create.
            await person.MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Containers", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Containers", Exact = true, Level = 1 })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "New container", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New container", Exact = true, Level = 1 })).ToBeVisibleAsync();
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();

            // The detail page: its name as the heading, the badge on its way to "running".
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 })).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/containers/[0-9a-f-]{36}$"));
            var id = Guid.Parse(page.Url[^36..]);
            var status = page.GetByTestId("container-status");
            await Expect(status).ToHaveTextAsync("running", StatusWithin);

            // The SSH command, as the API gives it.
            var container = await ComputeApi.GetAsync(owner, id);
            Assert.Equal("running", container.Status);
            Assert.NotNull(container.Ssh);
            Assert.Contains($"{user.Username}.{name}@", container.Ssh!.Command, StringComparison.Ordinal);
            await Expect(page.GetByLabel("SSH command", new() { Exact = true })).ToHaveValueAsync(container.Ssh.Command);

            // Stop: the badge goes to "stopped", and Start is offered again.
            var stop = page.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true });
            await stop.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Stopping {name}" })).ToBeVisibleAsync();
            await Expect(status).ToHaveTextAsync("stopped", StatusWithin);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true })).ToBeEnabledAsync();
            await Expect(stop).ToBeDisabledAsync();
            Assert.Equal("stopped", (await ComputeApi.GetAsync(owner, id)).Status);

            // Delete: the confirm button waits for the typed name.
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete {name}?" });
            await Expect(dialog).ToBeVisibleAsync();
            var confirm = dialog.GetByRole(AriaRole.Button, new() { Name = "Delete container", Exact = true });
            await Expect(confirm).ToBeDisabledAsync();
            await dialog.GetByLabel($"Type {name} to confirm").FillAsync(name[..^1]);
            await Expect(confirm).ToBeDisabledAsync();
            await dialog.GetByLabel($"Type {name} to confirm").FillAsync(name);
            await confirm.ClickAsync();

            // Back on the list, which no longer has it; the API agrees.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Containers", Exact = true, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{name} was deleted" })).ToBeVisibleAsync();
            await Expect(page.GetByText("No containers yet.")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToHaveCountAsync(0);
            Assert.DoesNotContain(await ComputeApi.ListAsync(owner), c => c.Id == id);
        }
        finally
        {
            foreach (var line in failed.ToList())
                output.WriteLine(line);
            foreach (var left in (await ComputeApi.ListAsync(owner)).Where(c => c.Name == name))
                await owner.DeleteAsync($"/api/containers/{left.Id}");
        }
    }, TimeSpan.FromSeconds(150));
}
