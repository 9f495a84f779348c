using System.Diagnostics;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Ssh;
using EddCloud.Ssh.Protocol;

namespace EddCloud.Tests.Ssh;

/// <summary>Public keys made by the real ssh-keygen: accepted with ssh-keygen's own fingerprint and size, or refused clearly.</summary>
public sealed class SshPublicKeyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edd-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("ed25519", 0, "ssh-ed25519")]
    [InlineData("ecdsa", 256, "ecdsa-sha2-nistp256")]
    [InlineData("ecdsa", 384, "ecdsa-sha2-nistp384")]
    [InlineData("ecdsa", 521, "ecdsa-sha2-nistp521")]
    [InlineData("rsa", 2048, "ssh-rsa")]
    [InlineData("rsa", 4096, "ssh-rsa")]
    public async Task KeyFromSshKeygen_Accepted_FingerprintAndBitsAsSshKeygenSays(string type, int bits, string expectedType)
    {
        var (line, keygenBits, keygenFingerprint) = await GenerateAsync(type, bits, "alice@laptop");

        var key = SshPublicKey.Parse(line);

        Assert.Equal((expectedType, keygenBits, keygenFingerprint, "alice@laptop"), (key.Type, key.Bits, key.Fingerprint, key.Comment));
        Assert.Equal(string.Join(' ', line.Split(' ').Take(2)), key.Line);
    }

    [Fact]
    public async Task RsaKeyOf1024Bits_RefusedNamingTheMinimum()
    {
        var (line, _, _) = await GenerateAsync("rsa", 1024, "old");

        var error = Assert.Throws<EddException>(() => SshKeyLines.Parse(line));

        Assert.Equal(("validation", "publicKey"), (error.Code, error.Field));
        Assert.Contains("1024 bits; at least 2048", error.Message);
    }

    [Fact]
    public async Task DamagedKeys_RefusedWithWhatIsWrong()
    {
        var (ed, _, _) = await GenerateAsync("ed25519", 0, "c");
        var (rsa, _, _) = await GenerateAsync("rsa", 2048, "c");
        var edBase64 = ed.Split(' ')[1];
        var edBlob = Convert.FromBase64String(edBase64);

        Assert.Contains("Paste a public key", Refused(""));
        Assert.Contains("private key", Refused("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n-----END OPENSSH PRIVATE KEY-----"));
        Assert.Contains("base64 part is damaged", Refused("ssh-ed25519 not*base64"));
        Assert.Contains("the key inside is 'ssh-ed25519'", Refused($"ssh-rsa {edBase64}"));
        Assert.Contains("ends too early", Refused($"ssh-ed25519 {Convert.ToBase64String(edBlob[..^5])}"));
        Assert.Contains("extra bytes", Refused($"ssh-ed25519 {Convert.ToBase64String([.. edBlob, 1, 2, 3])}"));
        Assert.Contains("options are not accepted", Refused($"command=\"rm -rf /\" {ed}"));
        Assert.Contains("not accepted", Refused("ssh-dss AAAAB3NzaC1kc3MAAACBAP"));
        Assert.Contains("one line", Refused(ed + "\n" + rsa));
        // An ECDSA point that is not on the curve.
        var (ec, _, _) = await GenerateAsync("ecdsa", 256, "c");
        var ecBlob = Convert.FromBase64String(ec.Split(' ')[1]);
        ecBlob[^1] ^= 0x01;
        Assert.Contains("not a valid public key", Refused($"ecdsa-sha2-nistp256 {Convert.ToBase64String(ecBlob)}"));
    }

    private static string Refused(string line)
    {
        var error = Assert.Throws<EddException>(() => SshKeyLines.Parse(line));
        Assert.Equal(ErrorCodes.Validation, error.Code);
        return error.Message;
    }

    /// <summary>Runs ssh-keygen to make a key and to fingerprint it: the .pub line, its bits and its SHA256 fingerprint.</summary>
    private async Task<(string Line, int Bits, string Fingerprint)> GenerateAsync(string type, int bits, string comment)
    {
        var file = Path.Combine(_dir, $"{type}-{bits}-{Guid.NewGuid():N}");
        List<string> args = ["-q", "-t", type, "-N", "", "-C", comment, "-f", file];
        if (bits > 0)
            args.AddRange(["-b", bits.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await RunAsync(args);
        var fingerprint = (await RunAsync(["-l", "-E", "sha256", "-f", file + ".pub"])).Split(' ');
        return ((await File.ReadAllTextAsync(file + ".pub")).Trim(), int.Parse(fingerprint[0], System.Globalization.CultureInfo.InvariantCulture), fingerprint[1]);
    }

    private static async Task<string> RunAsync(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"ssh-keygen {string.Join(' ', args)} failed: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
