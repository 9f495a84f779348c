using System.Diagnostics;
using System.Globalization;
using EddCloud.Silo.Hosting.Processes;
using EddCloud.Tests.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EddCloud.Tests.Hosting;

/// <summary>
/// The one mechanism the silo keeps its child processes with (nats-server and Podman use it; their own tests run
/// the real programs), here with sleep and sh so each promise is checked on its own.
/// </summary>
public sealed class SupervisedProcessTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("edd-supervised-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string PidFile => Path.Combine(folder, "child.pid");

    private ProcessSpec Sleep(Func<CancellationToken, Task<bool>>? ready = null) => new(
        "sleep", "/bin/sleep", ["600"], PidFile, ready ?? (_ => Task.FromResult(true)),
        TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), _ => LogLevel.Information, "Check the sleep binary.")
    {
        StopTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task ExitsBeforeItIsReady_TheStartFailsWithItsLastOutputItsCodeAndTheAdvice()
    {
        var spec = new ProcessSpec("sh", "/bin/sh", ["-c", "echo port already taken >&2; exit 3"], PidFile, _ => Task.FromResult(false),
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), _ => LogLevel.Information, "Set another port.");
        await using var child = new SupervisedProcess(spec, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => child.StartAsync(CancellationToken.None));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("port already taken", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Set another port.", error.Message, StringComparison.Ordinal);
        Assert.Null(child.ProcessId);
    }

    [Fact]
    public async Task NeverReady_TheStartTimesOut_AndTheProcessIsStopped()
    {
        var spec = Sleep(_ => Task.FromResult(false)) with { ReadyTimeout = TimeSpan.FromMilliseconds(500) };
        await using var child = new SupervisedProcess(spec, NullLogger.Instance);

        await Assert.ThrowsAsync<TimeoutException>(() => child.StartAsync(CancellationToken.None));

        var pid = int.Parse(await File.ReadAllTextAsync(PidFile), CultureInfo.InvariantCulture);
        Assert.False(ProcessIds.IsRunning(pid), $"sleep {pid} still runs after a start that timed out");
    }

    [Fact]
    public async Task KilledWhileSupervised_IsStartedAgain_AndStopEndsItAndRemovesThePidFile()
    {
        await using var child = new SupervisedProcess(Sleep(), NullLogger.Instance);
        using var stopping = new CancellationTokenSource();
        var readyCount = 0;
        var downCount = 0;
        var supervision = child.SuperviseAsync(() => Interlocked.Increment(ref readyCount), _ => Interlocked.Increment(ref downCount), stopping.Token);

        // Ready comes after the pid file is written; the process id shows as soon as the process starts.
        await Eventually.UntilAsync(() => Task.FromResult(Volatile.Read(ref readyCount)), count => count == 1, "the first sleep reported ready");
        var first = child.ProcessId;
        Assert.NotNull(first);
        Assert.Equal(first!.Value.ToString(CultureInfo.InvariantCulture), await File.ReadAllTextAsync(PidFile));
        using (var killed = Process.GetProcessById(first.Value))
        {
            killed.Kill();
            await killed.WaitForExitAsync();
        }

        var second = await Eventually.UntilAsync(() => Task.FromResult(child.ProcessId), pid => pid is not null && pid != first, "a new sleep after the kill");
        await Eventually.UntilAsync(() => Task.FromResult(Volatile.Read(ref readyCount)), count => count == 2, "the restarted sleep reported ready");
        Assert.Equal(1, Volatile.Read(ref downCount));

        await stopping.CancelAsync();
        await supervision;
        await child.StopAsync(CancellationToken.None);
        Assert.False(ProcessIds.IsRunning(second!.Value), $"sleep {second} still runs after stop");
        Assert.Null(child.ProcessId);
        Assert.False(File.Exists(PidFile), "the pid file is left after stop");
    }

    [Fact]
    public async Task LeftOverFromACrashedSilo_IsKilledByItsPidFile_ButAnotherProgramWithThatPidIsLeftAlone()
    {
        using var leftOver = Process.Start("/bin/sleep", "600");
        await File.WriteAllTextAsync(PidFile, leftOver.Id.ToString(CultureInfo.InvariantCulture));
        await using var child = new SupervisedProcess(Sleep(), NullLogger.Instance);

        await child.KillLeftOverAsync(CancellationToken.None);

        Assert.True(leftOver.WaitForExit(TimeSpan.FromSeconds(10)), "the left-over sleep still runs");

        // A reused pid now belongs to some other program (here: this test): it is not ours to kill.
        await File.WriteAllTextAsync(PidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        await child.KillLeftOverAsync(CancellationToken.None);
        Assert.True(ProcessIds.IsRunning(Environment.ProcessId));
    }

    [Theory]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(5, 4000)]
    [InlineData(8, 30000)]
    [InlineData(50, 30000)]
    public void RestartDelay_DoublesFrom250MsUpTo30s(int attempt, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), SupervisedProcess.RestartDelay(attempt));
}
