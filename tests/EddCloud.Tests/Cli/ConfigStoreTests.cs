using EddCloud.Cli.Config;

namespace EddCloud.Tests.Cli;

public sealed class ConfigStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "edd-config-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Save_NoDirectoryYet_CreatesDirectory0700AndFile0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes only; Windows relies on the profile ACL.
        }

        var store = new ConfigStore(Path.Combine(_root, "nested", "eddcloud"));

        store.Save(new CliConfig("http://localhost:8080", "secret", "alice", DateTimeOffset.UtcNow));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
    }

    [Fact]
    public void Save_ExistingLooseDirectoryAndFile_TightensDirectoryAndReplacesFileWith0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes only; Windows relies on the profile ACL.
        }

        var directory = Path.Combine(_root, "eddcloud");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(directory, ConfigStore.FileName), "{}");
        File.SetUnixFileMode(Path.Combine(directory, ConfigStore.FileName), (UnixFileMode)0b110_100_100);
        var store = new ConfigStore(directory);

        store.Save(new CliConfig("http://localhost:8080", "secret", "alice", null));

        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(directory));
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(store.FilePath));
        Assert.Equal("secret", store.Load()!.Token);
        Assert.Single(Directory.GetFiles(directory));
    }

    [Fact]
    public void ForgetSession_SignedIn_KeepsServerDropsToken()
    {
        var store = new ConfigStore(Path.Combine(_root, "eddcloud"));
        store.Save(new CliConfig("https://cloud.example", "secret", "alice", DateTimeOffset.UtcNow));

        store.ForgetSession();

        var config = store.Load()!;
        Assert.Equal("https://cloud.example", config.Server);
        Assert.Null(config.Token);
        Assert.DoesNotContain("secret", File.ReadAllText(store.FilePath), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/x/edd", null, "/home/u", "/x/edd")]
    [InlineData(null, "/xdg", "/home/u", "/xdg/eddcloud")]
    [InlineData(null, "relative", "/home/u", "/home/u/.config/eddcloud")]
    [InlineData(null, null, "/home/u", "/home/u/.config/eddcloud")]
    public void ResolveDirectory_Environment_FollowsOverrideThenXdgThenHome(string? eddConfigDir, string? xdg, string home, string expected)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var environment = new Dictionary<string, string?> { ["EDD_CONFIG_DIR"] = eddConfigDir, ["XDG_CONFIG_HOME"] = xdg, ["HOME"] = home };

        Assert.Equal(expected, ConfigStore.ResolveDirectory(name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void CliConfigToString_WithToken_RedactsToken()
    {
        Assert.DoesNotContain("secret", new CliConfig("http://s", "secret", "alice", null).ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
