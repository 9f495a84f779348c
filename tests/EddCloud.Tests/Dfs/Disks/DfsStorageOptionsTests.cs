using EddCloud.Silo.Dfs.Disks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EddCloud.Tests.Dfs.Disks;

public sealed class DfsStorageOptionsTests : IDisposable
{
    private readonly ChunkStoreSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public void Validate_OneAbsoluteDirectory_Succeeds() =>
        Assert.True(Validate(["/mnt/disk1/edd"]).Succeeded);

    [Fact]
    public void Validate_RelativeDirectory_NamesKeyVariableAndFix()
    {
        var result = Validate(["/mnt/disk1/edd", "chunks"]);

        Assert.Contains("Dfs:ChunkDirectories:1 (EDD_DFS__CHUNK_DIRECTORIES__1) 'chunks' is not an absolute path", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyEntry_NamesKey()
    {
        var result = Validate([" "]);

        Assert.Contains("Dfs:ChunkDirectories:0 (EDD_DFS__CHUNK_DIRECTORIES__0) is empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/mnt/disk1/edd", "/mnt/disk1/edd/")]
    [InlineData("/mnt/disk1/edd", "/mnt/disk1/edd/inner")]
    [InlineData("/mnt/disk1/edd/inner", "/mnt/disk1/edd")]
    public void Validate_SameOrNestedDirectories_Fails(string first, string second)
    {
        var result = Validate([first, second]);

        Assert.Contains("Dfs:ChunkDirectories:1 (EDD_DFS__CHUNK_DIRECTORIES__1)", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("nested", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SiblingDirectoriesWithCommonPrefix_Succeeds() =>
        Assert.True(Validate(["/mnt/disk1", "/mnt/disk10"]).Succeeded);

    [Fact]
    public void Validate_NegativeReserve_NamesKey()
    {
        var result = new DfsStorageOptionsValidator().Validate(null, new DfsStorageOptions { ReserveBytes = -1, ChunkDirectories = { "/mnt/a" } });

        Assert.Contains("Dfs:ReserveBytes (EDD_DFS__RESERVE_BYTES)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDfsStorage_NoDirectoriesConfigured_UsesDataDirectoryChunks()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Dfs:ReserveBytes"] = "0" });

        var store = provider.GetRequiredService<IChunkStore>();

        Assert.IsType<FileChunkStore>(store);
        Assert.Equal(Path.Combine(sandbox.Root, "chunks"), Assert.Single(store.Disks).Path);
        Assert.True(File.Exists(Path.Combine(sandbox.Root, "chunks", "disk-id")));
    }

    [Fact]
    public void AddDfsStorage_DirectoriesConfigured_UsesThem()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Dfs:ChunkDirectories:0"] = sandbox.DiskPath(0),
            ["Dfs:ChunkDirectories:1"] = sandbox.DiskPath(1),
        });

        var disks = provider.GetRequiredService<IChunkStore>().Disks;

        Assert.Equal([sandbox.DiskPath(0), sandbox.DiskPath(1)], disks.Select(d => d.Path));
        Assert.Equal(1L << 30, provider.GetRequiredService<IOptions<DfsStorageOptions>>().Value.ReserveBytes);
    }

    [Fact]
    public void AddDfsStorage_InvalidDirectory_FailsValidation()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Dfs:ChunkDirectories:0"] = "relative/path" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DfsStorageOptions>>().Value);

        Assert.Contains("EDD_DFS__CHUNK_DIRECTORIES__0", error.Message, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(string[] directories)
    {
        var options = new DfsStorageOptions();
        foreach (var directory in directories)
            options.ChunkDirectories.Add(directory);
        return new DfsStorageOptionsValidator().Validate(null, options);
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddDfsStorage(configuration, sandbox.Root).BuildServiceProvider();
    }
}
