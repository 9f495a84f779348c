using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Cli.Storage;

/// <summary>
/// `edd ns`, `edd files` and `edd usage` against the real single-node cloud, as a new user: a namespace is
/// created, a 5 MiB file goes up into a folder, is listed, comes back identical (SHA-256 verified), is shared with
/// a link that works without signing in, counts in the user's usage, and is removed with its namespace.
/// </summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class CliStorageAgainstSiloTests(SiloFixture fixture) : IDisposable
{
    /// <summary>How long the usage may take to catch up with a write (it is settled by the namespace's grain).</summary>
    private static readonly TimeSpan UsageSettlesWithin = TimeSpan.FromSeconds(60);

    private readonly CliAgainstSiloHarness _cli = new(fixture.Silo.BaseAddress);
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("edd-cli-storage-");

    [Fact]
    public async Task NsCreate_PutLsGetShareRm_UsageFollows_NsRm()
    {
        await SignInAsNewUserAsync();
        var ns = "cli-" + Guid.NewGuid().ToString("N")[..10];

        var created = (await _cli.RunAsync("ns", "create", ns)).AssertOk();
        Assert.Contains(ns, created.Out, StringComparison.Ordinal);

        // A 5 MiB (and a bit) file into the folder docs/ (the target ends in '/': the local name is kept).
        var bytes = RandomNumberGenerator.GetBytes(5 * 1024 * 1024 + 123);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var source = Path.Combine(_work.FullName, "report.bin");
        await File.WriteAllBytesAsync(source, bytes);
        var put = (await _cli.RunAsync("files", "put", source, $"{ns}:/docs/")).AssertOk();
        Assert.Contains($"uploaded {ns}:/docs/report.bin", put.Out, StringComparison.Ordinal);
        Assert.Contains(sha, put.Out, StringComparison.Ordinal);

        // The root lists the folder (once, as "/docs/"); the folder lists the file, in both forms of its path.
        var root = (await _cli.RunAsync("files", "ls", ns)).AssertOk();
        Assert.Single(Lines(root.Out), l => l.StartsWith("/docs/ ", StringComparison.Ordinal) || l == "/docs/");
        Assert.DoesNotContain("report.bin", root.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("//", root.Out, StringComparison.Ordinal);
        foreach (var folder in new[] { $"{ns}:/docs/", $"{ns}:docs/", $"{ns}:/docs" })
        {
            var listing = (await _cli.RunAsync("files", "ls", folder)).AssertOk();
            var row = Assert.Single(Lines(listing.Out), l => l.Contains("report.bin", StringComparison.Ordinal));
            Assert.StartsWith("/docs/report.bin ", row, StringComparison.Ordinal);
            Assert.Contains("5.00 MiB", row, StringComparison.Ordinal);
        }

        var listed = (await _cli.RunAsync("--json", "files", "ls", $"{ns}:/docs/")).AssertOk();
        using (var json = JsonDocument.Parse(listed.Out))
        {
            var item = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
            Assert.Equal(bytes.Length, item.GetProperty("size").GetInt64());
            Assert.Equal(sha, item.GetProperty("sha256").GetString());
        }

        // Back again, byte for byte, the CLI saying it checked the SHA-256.
        var back = Path.Combine(_work.FullName, "back.bin");
        var get = (await _cli.RunAsync("files", "get", $"{ns}:/docs/report.bin", back)).AssertOk();
        Assert.Contains("sha256 verified", get.Out, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(back));

        // --no-clobber on the existing file fails, says why and what to do, and leaves the file as it was.
        var other = Path.Combine(_work.FullName, "other.bin");
        await File.WriteAllBytesAsync(other, RandomNumberGenerator.GetBytes(1000));
        var refused = await _cli.RunAsync("files", "put", "--no-clobber", other, $"{ns}:/docs/report.bin");
        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("drop --no-clobber to replace it", refused.Error, StringComparison.Ordinal);
        var stat = (await _cli.RunAsync("files", "stat", $"{ns}:/docs/report.bin")).AssertOk();
        Assert.Contains(sha, stat.Out, StringComparison.Ordinal);

        // A share link: the URL alone on stdout, and anyone (no cookie, no token) downloads the bytes with it.
        var share = (await _cli.RunAsync("files", "share", $"{ns}:/docs/report.bin")).AssertOk();
        var url = new Uri(share.Out.Trim());
        Assert.Equal(fixture.Silo.BaseAddress.Authority, url.Authority);
        var match = System.Text.RegularExpressions.Regex.Match(url.AbsolutePath, "^/s/([^/]+)$");
        Assert.True(match.Success, $"the share URL {url} is not /s/<token>");
        using (var anonymous = fixture.Silo.CreateClient())
        {
            using var shared = await anonymous.GetAsync($"/api/shares/{match.Groups[1].Value}");
            Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
            Assert.Equal(bytes, await shared.Content.ReadAsByteArrayAsync());
        }

        // The usage counts the file.
        await WaitForUsageAsync(bytes.Length);
        var usage = (await _cli.RunAsync("usage")).AssertOk();
        Assert.Matches(@"(?m)^namespaces\s+1 of \d+", usage.Out);

        // rm: gone from the listing, the usage back to nothing.
        (await _cli.RunAsync("files", "rm", $"{ns}:/docs/report.bin")).AssertOk();
        var gone = await _cli.RunAsync("files", "stat", $"{ns}:/docs/report.bin");
        Assert.True(gone.ExitCode != 0, gone.ToString());
        var empty = (await _cli.RunAsync("files", "ls", ns)).AssertOk();
        Assert.DoesNotContain("docs", empty.Out, StringComparison.Ordinal);
        await WaitForUsageAsync(0);

        // The namespace goes too.
        (await _cli.RunAsync("ns", "rm", ns, "--yes")).AssertOk();
        var namespaces = (await _cli.RunAsync("--json", "ns", "ls")).AssertOk();
        Assert.DoesNotContain(ns, namespaces.Out, StringComparison.Ordinal);
    }

    /// <summary>A user of its own, so the usage this test reads counts only its own files.</summary>
    private async Task SignInAsNewUserAsync()
    {
        using var admin = await fixture.Silo.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(admin);
        (await _cli.RunWithStdinAsync(user.Password, "login", "--username", user.Username, "--password-stdin")).AssertOk();
    }

    /// <summary>Polls `edd usage --json` until it reports <paramref name="usedBytes"/> (bounded), and checks the human form says the same.</summary>
    private async Task WaitForUsageAsync(long usedBytes)
    {
        var clock = Stopwatch.StartNew();
        long seen;
        while (true)
        {
            var usage = (await _cli.RunAsync("--json", "usage")).AssertOk();
            using var json = JsonDocument.Parse(usage.Out);
            seen = json.RootElement.GetProperty("usedBytes").GetInt64();
            if (seen == usedBytes || clock.Elapsed > UsageSettlesWithin)
                break;
            await Task.Delay(200);
        }

        Assert.True(seen == usedBytes, $"`edd usage` said {seen} bytes used, not {usedBytes}, after {clock.Elapsed.TotalSeconds:0.0} s");
        var human = (await _cli.RunAsync("usage")).AssertOk();
        var used = Assert.Single(Lines(human.Out), l => l.StartsWith("used", StringComparison.Ordinal));
        Assert.Matches(usedBytes == 0 ? @"^used\s+0 B of " : @"^used\s+5\.00 MiB of ", used);
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose()
    {
        _cli.Dispose();
        _work.Delete(recursive: true);
    }
}
