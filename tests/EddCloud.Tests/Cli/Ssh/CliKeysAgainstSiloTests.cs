using System.Diagnostics;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Cli.Ssh;

/// <summary>`edd keys` against the real single-node cloud: a key made by ssh-keygen goes up, is listed with ssh-keygen's fingerprint, renamed and removed.</summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class CliKeysAgainstSiloTests(SiloFixture fixture) : IDisposable
{
    private readonly CliAgainstSiloHarness _cli = new(fixture.Silo.BaseAddress);
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("edd-cli-keys-");

    [Fact]
    public async Task KeysAddLsRenameRm_WithAKeyFromSshKeygen()
    {
        using (var admin = await fixture.Silo.SignInAsAdminAsync())
        {
            var user = await TestUsers.CreateAsync(admin);
            (await _cli.RunWithStdinAsync(user.Password, "login", "--username", user.Username, "--password-stdin")).AssertOk();
        }
        var file = Path.Combine(_work.FullName, "id_ed25519");
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cli@test", "-f", file);
        var fingerprint = (await RunAsync("ssh-keygen", "-l", "-E", "sha256", "-f", file + ".pub")).Split(' ')[1];

        (await _cli.RunAsync("keys", "add", file + ".pub")).AssertOk();
        var again = await _cli.RunAsync("keys", "add", file + ".pub");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already added", again.Error, StringComparison.Ordinal);
        var refused = await _cli.RunAsync("keys", "add", file);
        Assert.NotEqual(0, refused.ExitCode);

        var listed = (await _cli.RunAsync("keys", "ls")).AssertOk();
        Assert.Contains(fingerprint, listed.Out, StringComparison.Ordinal);
        Assert.Contains("cli@test", listed.Out, StringComparison.Ordinal);

        (await _cli.RunAsync("keys", "rename", fingerprint, "build box")).AssertOk();
        Assert.Contains("build box", (await _cli.RunAsync("keys", "ls")).AssertOk().Out, StringComparison.Ordinal);
        (await _cli.RunAsync("keys", "rm", "build box", "--yes")).AssertOk();
        Assert.DoesNotContain(fingerprint, (await _cli.RunAsync("keys", "ls")).Out, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"{program} failed: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }

    public void Dispose()
    {
        _cli.Dispose();
        _work.Delete(recursive: true);
    }
}
