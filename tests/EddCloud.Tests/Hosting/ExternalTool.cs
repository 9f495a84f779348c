using System.Diagnostics;

namespace EddCloud.Tests.Hosting;

/// <summary>Runs a real command-line tool (podman, ssh, curl...) with a time limit and returns what it printed.</summary>
public static class ExternalTool
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan limit, string? standardInput = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = standardInput is not null };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            // Read while writing: a tool that fills its output pipe would otherwise never finish reading its input.
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            if (standardInput is not null)
            {
                try
                {
                    await process.StandardInput.WriteAsync(standardInput.AsMemory(), timeout.Token);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The tool stopped reading (it failed or finished early): its exit code and output say why.
                }
            }

            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, (await output).Trim(), (await error).Trim());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish within {limit.TotalSeconds} s.");
        }
    }
}
