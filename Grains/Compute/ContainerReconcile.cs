namespace EddCloud.Grains.Compute;

/// <summary>What the container grain does next, once it knows what the engine reports.</summary>
public enum ConvergeStep
{
    /// <summary>The owner stopped it: stop it if it runs, then record it stopped.</summary>
    Stop,
    /// <summary>The owner asked for a restart and it runs: stop it, then start it.</summary>
    StopThenStart,
    /// <summary>It ended by itself: record the exit, then follow the restart policy (<see cref="ContainerReconcile.AfterExit"/>).</summary>
    HandleExit,
    /// <summary>Its last start failed and nobody asked again: leave it until the owner or the minute reminder does.</summary>
    Hold,
    /// <summary>It does not run and should: start it.</summary>
    Start,
    /// <summary>It runs as wanted: record what the engine says and keep its SSH keys current.</summary>
    Observe,
}

/// <summary>When a container that ended by itself starts again.</summary>
public enum RestartVerdict
{
    /// <summary>Its policy keeps it down.</summary>
    No,
    /// <summary>Start it now.</summary>
    Now,
    /// <summary>It keeps dying right after it starts: start it at <see cref="ExitDecision.RestartAt"/>.</summary>
    Later,
}

/// <summary>The state to write after an exit, and whether and when the container starts again.</summary>
public sealed record ExitDecision(ContainerGrainState Next, RestartVerdict Verdict, DateTimeOffset? RestartAt);

/// <summary>
/// The container grain's decisions as pure functions of its state, what the engine reports and the time; the grain
/// does the I/O (engine calls, state writes, timers). Each status transition has a row in ContainerReconcileTests.
/// </summary>
internal static class ContainerReconcile
{
    /// <summary>A container that ran for less than this before it exited counts as a quick exit.</summary>
    public static readonly TimeSpan QuickExit = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause before restarting a container that keeps exiting (2 s, 4 s, ... 5 min).</summary>
    public static readonly TimeSpan MaxRestartDelay = TimeSpan.FromMinutes(5);

    public static ConvergeStep NextStep(ContainerGrainState s, EngineState actual)
    {
        if (s.Desired == DesiredState.Stopped)
            return ConvergeStep.Stop;
        if (actual.Running)
            return s.RestartRequested ? ConvergeStep.StopThenStart : ConvergeStep.Observe;
        if (!s.StartRequested && s.Status is ContainerStatus.Running or ContainerStatus.Exited)
            return ConvergeStep.HandleExit;
        if (!s.StartRequested && s.Status == ContainerStatus.Failed)
            return ConvergeStep.Hold;
        return ConvergeStep.Start;
    }

    /// <summary>
    /// A container that is not running although it should: when it was running (it died now), the exit is recorded;
    /// then its policy says whether it starts again, at once or, after repeated quick exits, after a growing pause.
    /// </summary>
    public static ExitDecision AfterExit(ContainerGrainState s, EngineState actual, DateTimeOffset now)
    {
        var next = s;
        if (s.Status == ContainerStatus.Running)
        {
            var quick = s.StartedAt is { } started && now - started < QuickExit;
            next = next with
            {
                Status = ContainerStatus.Exited,
                StatusReason = $"Exited with code {actual.ExitCode}{(actual.Error is null ? "" : ": " + actual.Error)}.",
                ExitCode = actual.ExitCode,
                RestartCount = s.RestartCount + 1,
                QuickExits = quick ? s.QuickExits + 1 : 0,
                NextRestartAt = null,
            };
        }

        var policy = next.Settings!.RestartPolicy;
        if (!(policy == RestartPolicy.Always || (policy == RestartPolicy.OnFailure && next.ExitCode is not 0)))
            return new ExitDecision(next, RestartVerdict.No, null);

        if (next.QuickExits > 1)
        {
            if (next.NextRestartAt is null)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, next.QuickExits - 1), MaxRestartDelay.TotalSeconds));
                next = next with { NextRestartAt = now + delay, StatusReason = $"{next.StatusReason} It keeps exiting: restarting in {delay.TotalSeconds:0} s." };
            }

            if (now < next.NextRestartAt)
                return new ExitDecision(next, RestartVerdict.Later, next.NextRestartAt);
        }

        return new ExitDecision(next with { NextRestartAt = null, StatusReason = $"Restarted after: {FirstSentence(next.StatusReason)}" }, RestartVerdict.Now, null);
    }

    /// <summary>Whether what the grain recorded differs from a running container as the engine reports it.</summary>
    public static bool RunningRecordIsStale(ContainerGrainState s, EngineState actual) =>
        s.Status != ContainerStatus.Running || s.StartedAt != actual.StartedAt || s.StartRequested || !s.Addresses.SequenceEqual(actual.Addresses);

    /// <summary>The record of a running container: a restart's reason stays visible, any other reason goes.</summary>
    public static ContainerGrainState Running(ContainerGrainState s, EngineState actual) => s with
    {
        Status = ContainerStatus.Running,
        StatusReason = s.Status == ContainerStatus.Running ? s.StatusReason
            : s.StatusReason is { } reason && reason.StartsWith("Restarted after", StringComparison.Ordinal) ? reason : null,
        StartedAt = actual.StartedAt,
        Addresses = actual.Addresses,
        StartRequested = false,
        NextRestartAt = null,
    };

    /// <summary>Whether the running container's authorized_keys and host keys need (re)applying.</summary>
    public static bool SshIsStale(ContainerGrainState s) =>
        s.SshEnabled && (s.KeysApplied != s.KeysVersion || s.KeysAppliedStart != s.StartedAt);

    private static string FirstSentence(string? text) =>
        text is null ? "an exit" : text.Split(" It keeps", 2)[0].Replace("Restarted after: ", "", StringComparison.Ordinal);
}
