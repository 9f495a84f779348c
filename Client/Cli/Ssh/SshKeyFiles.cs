using System.Text;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Ssh;

/// <summary>
/// Where <c>edd keys add</c> finds the public key: a file, stdin (<c>-</c>), or the first of the usual
/// <c>~/.ssh/*.pub</c> files. Anything that looks like a private key is refused before a byte is sent.
/// </summary>
public static class SshKeyFiles
{
    /// <summary>The default files, best first, relative to the home folder.</summary>
    public static readonly string[] DefaultNames = ["id_ed25519.pub", "id_ecdsa.pub", "id_rsa.pub"];

    /// <summary>A public key line is well under 1 KiB (RSA 16384 is ~2.8 KiB); more than this is not one.</summary>
    public const int MaxBytes = 16 * 1024;

    public const string GenerateHint = "generate one with: ssh-keygen -t ed25519";

    /// <summary>HOME (as the command sees its environment), else the OS's idea of the user's profile.</summary>
    public static string Home(Func<string, string?> environment)
    {
        var home = environment("HOME");
        return string.IsNullOrWhiteSpace(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
    }

    public static string FindDefault(Func<string, string?> environment)
    {
        var ssh = Path.Combine(Home(environment), ".ssh");
        foreach (var name in DefaultNames)
        {
            var path = Path.Combine(ssh, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new CliUsageException(
            $"no public key found: none of {string.Join(", ", DefaultNames.Select(n => Path.Combine(ssh, n)))} exists",
            $"give the .pub file (or - for stdin), or {GenerateHint}");
    }

    /// <summary>Reads and checks the key text of <paramref name="source"/> (a path or "-").</summary>
    public static async Task<string> ReadAsync(string source, CommandContext context, CancellationToken ct)
    {
        byte[] bytes;
        if (source == "-")
        {
            await using var stdin = TransferConsole.For(context.Console).OpenStandardInput();
            bytes = await ReadAtMostAsync(stdin, ct);
        }
        else
        {
            if (!File.Exists(source))
            {
                throw new CliUsageException($"no such file: {source}", $"give the public key file (usually ~/.ssh/id_ed25519.pub), or {GenerateHint}");
            }

            try
            {
                await using var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
                bytes = await ReadAtMostAsync(file, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"cannot read {source}: {e.Message}", "give a readable .pub file, or - for stdin");
            }
        }

        return Check(Encoding.UTF8.GetString(bytes), source == "-" ? "stdin" : source);
    }

    /// <summary>The single key line of <paramref name="text"/>, or a usage error that says what is wrong with it.</summary>
    public static string Check(string text, string origin)
    {
        if (text.Contains("-----BEGIN", StringComparison.Ordinal) || text.Contains("PRIVATE KEY", StringComparison.OrdinalIgnoreCase)
            || text.TrimStart().StartsWith("PuTTY-User-Key-File", StringComparison.OrdinalIgnoreCase))
        {
            var pub = origin != "stdin" && !origin.EndsWith(".pub", StringComparison.OrdinalIgnoreCase) ? $" ({origin}.pub)" : "";
            throw new CliUsageException(
                $"{origin} looks like a PRIVATE key; it was not sent. Never give your private key to anyone",
                $"add the public half instead{pub}, the file ending in .pub");
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#'))
            .ToList();
        return lines.Count switch
        {
            1 => lines[0],
            0 => throw new CliUsageException($"{origin} holds no public key", $"give a .pub file, or {GenerateHint}"),
            _ => throw new CliUsageException($"{origin} holds {lines.Count} lines; add one key at a time", "put the key you want in a file of its own, or pipe one line to `edd keys add -`"),
        };
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                throw new CliUsageException($"this is larger than {MaxBytes / 1024} KiB, far more than a public key", "give the .pub file");
            }
        }

        return buffer.ToArray();
    }
}
