using System.Diagnostics;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>Runs a program to its end with a deadline, feeding stdin and capturing stdout (bytes) and stderr.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);

        public override string ToString() => $"exit {ExitCode}, stdout '{Trim(StdoutText)}', stderr '{Trim(Stderr)}'";

        private static string Trim(string text) => text.Length > 2000 ? text[..2000] + "..." : text;
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> arguments, byte[]? stdin = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var stdout = new MemoryStream();
        var readOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, deadline.Token);
        var readErr = process.StandardError.ReadToEndAsync(deadline.Token);
        var write = Task.Run(async () =>
        {
            try
            {
                if (stdin is not null)
                    await process.StandardInput.BaseStream.WriteAsync(stdin, deadline.Token);
            }
            catch (IOException)
            {
                // The program exited without reading everything; its exit code tells.
            }
            finally
            {
                process.StandardInput.Close();
            }
        });
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await Task.WhenAll(readOut, readErr, write);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s.");
        }
        return new Result(process.ExitCode, stdout.ToArray(), await readErr);
    }
}
