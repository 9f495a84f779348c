using System.Diagnostics;
using System.Security.Cryptography;
using Xunit.Abstractions;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>scp and sftp (OpenSSH 9.2's scp speaks SFTP) against our server, whose sftp subsystem is OpenSSH's sftp-server.</summary>
[IntegrationTest]
public sealed class SshServerFileTransferTests(ITestOutputHelper output) : OpenSshAgainstTestServer
{
    [Fact]
    public async Task Scp_FiftyMegabytesUpAndBack_SameBytes()
    {
        var local = Path.Combine(Client.Directory, "upload.bin");
        var remote = Path.Combine(Client.Directory, "remote.bin");
        var back = Path.Combine(Client.Directory, "back.bin");
        await File.WriteAllBytesAsync(local, RandomNumberGenerator.GetBytes(50 * 1024 * 1024));

        var clock = Stopwatch.StartNew();
        var up = await Client.ScpAsync(Key, local, $"alice@127.0.0.1:{remote}");
        var upTime = clock.Elapsed;
        clock.Restart();
        var down = await Client.ScpAsync(Key, $"alice@127.0.0.1:{remote}", back);
        var downTime = clock.Elapsed;

        Assert.True(up.ExitCode == 0, "upload: " + up);
        Assert.True(down.ExitCode == 0, "download: " + down);
        Assert.Equal(await HashAsync(local), await HashAsync(remote));
        Assert.Equal(await HashAsync(local), await HashAsync(back));
        output.WriteLine($"scp 50 MiB: up {upTime.TotalSeconds:0.00} s, down {downTime.TotalSeconds:0.00} s (each including login)");
    }

    [Fact]
    public async Task Sftp_BatchPutAndGet_FilesArriveAndListingShowsThem()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Client.Directory, "sftp-remote")).FullName;
        var local = Path.Combine(Client.Directory, "notes.txt");
        var back = Path.Combine(Client.Directory, "notes-back.txt");
        await File.WriteAllTextAsync(local, "sftp through EddCloud\n");

        var result = await Client.SftpAsync(Key, $"""
            put {local} {dir}/notes.txt
            ls {dir}
            get {dir}/notes.txt {back}
            """);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{dir}/notes.txt", result.StdoutText);
        Assert.Equal("sftp through EddCloud\n", await File.ReadAllTextAsync(back));
    }

    private static async Task<string> HashAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
    }
}
