using System.Security.Cryptography;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Cli;

/// <summary>`edd dfs` against the real single-node cloud: a file goes up, comes back identical, is listed and removed.</summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class CliDfsAgainstSiloTests(SiloFixture fixture) : IDisposable
{
    private readonly CliAgainstSiloHarness _cli = new(fixture.Silo.BaseAddress);
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("edd-cli-dfs-");

    [Fact]
    public async Task PutGetLsRm_ThreeMegabyteFile_ComesBackIdenticalThenGone()
    {
        (await _cli.RunWithStdinAsync(SiloProcess.AdminPassword, "login", "--username", SiloProcess.AdminUsername, "--password-stdin")).AssertOk();
        var source = Path.Combine(_work.FullName, "photo.raw");
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5);
        await File.WriteAllBytesAsync(source, bytes);
        var folder = $"/cli-{Guid.NewGuid():N}/";

        var put = (await _cli.RunAsync("dfs", "put", source, folder)).AssertOk();
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(bytes)), put.Out, StringComparison.Ordinal);

        var target = Path.Combine(_work.FullName, "back.raw");
        (await _cli.RunAsync("dfs", "get", folder + "photo.raw", target)).AssertOk();
        Assert.Equal(bytes, await File.ReadAllBytesAsync(target));

        var listing = (await _cli.RunAsync("dfs", "ls", folder)).AssertOk();
        Assert.Contains("photo.raw", listing.Out, StringComparison.Ordinal);

        (await _cli.RunAsync("dfs", "rm", folder + "photo.raw", "--yes")).AssertOk();
        var gone = await _cli.RunAsync("dfs", "stat", folder + "photo.raw");
        Assert.Equal(1, gone.ExitCode);
    }

    public void Dispose()
    {
        _cli.Dispose();
        _work.Delete(recursive: true);
    }
}
