using System.Collections.Immutable;
using EddCloud.Grains.Compute;

namespace EddCloud.Tests.Compute;

/// <summary>
/// The container grain's decisions, row by row: what it does next for every wanted state × recorded status ×
/// pending request × engine state, and what an exit leads to under each restart policy and exit history.
/// The grain's real behaviour (with Podman) is in ContainerLifecycleTests and ContainerRecoveryTests.
/// </summary>
public sealed class ContainerReconcileTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 12, 0, 0, TimeSpan.Zero);
    private static readonly ContainerSettings Settings = new("edd-base", 1, 256 << 20, 512, ImmutableSortedDictionary<string, string>.Empty, [], [80], RestartPolicy.OnFailure);

    private static ContainerGrainState State(DesiredState desired, ContainerStatus status, bool startRequested = false, bool restartRequested = false, RestartPolicy policy = RestartPolicy.OnFailure) => new()
    {
        Exists = true,
        Settings = Settings with { RestartPolicy = policy },
        Desired = desired,
        Status = status,
        StartRequested = startRequested,
        RestartRequested = restartRequested,
        StartedAt = Now - TimeSpan.FromMinutes(5),
    };

    private static EngineState Engine(bool running, long exitCode = 0) =>
        new(running, running ? "running" : "exited", exitCode, null, Now - TimeSpan.FromMinutes(5), []);

    public static TheoryData<DesiredState, ContainerStatus, bool, bool, bool, ConvergeStep> Steps => new()
    {
        // Stopped by the owner: stop, whatever else is recorded or running.
        { DesiredState.Stopped, ContainerStatus.Running, false, false, true, ConvergeStep.Stop },
        { DesiredState.Stopped, ContainerStatus.Stopping, false, false, true, ConvergeStep.Stop },
        { DesiredState.Stopped, ContainerStatus.Stopped, false, false, false, ConvergeStep.Stop },
        { DesiredState.Stopped, ContainerStatus.Failed, false, false, false, ConvergeStep.Stop },
        { DesiredState.Stopped, ContainerStatus.Running, false, true, true, ConvergeStep.Stop },
        // Running as wanted: observe; a restart request stops it first.
        { DesiredState.Running, ContainerStatus.Running, false, false, true, ConvergeStep.Observe },
        { DesiredState.Running, ContainerStatus.Starting, true, false, true, ConvergeStep.Observe },
        { DesiredState.Running, ContainerStatus.Exited, false, false, true, ConvergeStep.Observe },
        { DesiredState.Running, ContainerStatus.Running, true, true, true, ConvergeStep.StopThenStart },
        // Not running although wanted.
        { DesiredState.Running, ContainerStatus.Running, false, false, false, ConvergeStep.HandleExit },
        { DesiredState.Running, ContainerStatus.Exited, false, false, false, ConvergeStep.HandleExit },
        { DesiredState.Running, ContainerStatus.Failed, false, false, false, ConvergeStep.Hold },
        { DesiredState.Running, ContainerStatus.Failed, true, false, false, ConvergeStep.Start },
        { DesiredState.Running, ContainerStatus.Exited, true, false, false, ConvergeStep.Start },
        { DesiredState.Running, ContainerStatus.Running, true, true, false, ConvergeStep.Start },
        { DesiredState.Running, ContainerStatus.Creating, false, false, false, ConvergeStep.Start },
        { DesiredState.Running, ContainerStatus.Starting, true, false, false, ConvergeStep.Start },
        { DesiredState.Running, ContainerStatus.Stopped, true, false, false, ConvergeStep.Start },
        { DesiredState.Running, ContainerStatus.Stopping, false, false, false, ConvergeStep.Start },
        { DesiredState.Running, ContainerStatus.Lost, false, false, false, ConvergeStep.Start },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void NextStep_FollowsTheTable(DesiredState desired, ContainerStatus status, bool startRequested, bool restartRequested, bool running, ConvergeStep expected) =>
        Assert.Equal(expected, ContainerReconcile.NextStep(State(desired, status, startRequested, restartRequested), Engine(running)));

    public static TheoryData<RestartPolicy, long, RestartVerdict> Policies => new()
    {
        { RestartPolicy.Never, 0, RestartVerdict.No },
        { RestartPolicy.Never, 137, RestartVerdict.No },
        { RestartPolicy.OnFailure, 0, RestartVerdict.No },
        { RestartPolicy.OnFailure, 1, RestartVerdict.Now },
        { RestartPolicy.OnFailure, 137, RestartVerdict.Now },
        { RestartPolicy.Always, 0, RestartVerdict.Now },
        { RestartPolicy.Always, 2, RestartVerdict.Now },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void AfterExit_OfARunningContainer_RecordsTheExit_AndThePolicyDecides(RestartPolicy policy, long exitCode, RestartVerdict expected)
    {
        var before = State(DesiredState.Running, ContainerStatus.Running, policy: policy) with { RestartCount = 2, QuickExits = 3 };

        var decision = ContainerReconcile.AfterExit(before, Engine(false, exitCode), Now);

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal(exitCode, decision.Next.ExitCode);
        Assert.Equal(3, decision.Next.RestartCount);
        Assert.Equal(0, decision.Next.QuickExits); // it ran five minutes: not a quick exit
        Assert.Equal(ContainerStatus.Exited, decision.Next.Status);
        Assert.Null(decision.Next.NextRestartAt);
        Assert.StartsWith(expected == RestartVerdict.Now ? "Restarted after: Exited with code" : "Exited with code", decision.Next.StatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterExit_AlreadyRecorded_CountsNothingTwice()
    {
        var recorded = State(DesiredState.Running, ContainerStatus.Exited, policy: RestartPolicy.Never) with { ExitCode = 3, RestartCount = 4, StatusReason = "Exited with code 3." };

        var decision = ContainerReconcile.AfterExit(recorded, Engine(false, 3), Now);

        Assert.Equal(RestartVerdict.No, decision.Verdict);
        Assert.Same(recorded, decision.Next);
    }

    /// <summary>Quick exits back off 2 s, 4 s, ... up to 5 min; the pause is fixed once, then waited out.</summary>
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(30, 300)]
    public void AfterExit_QuickExits_BackOff(int quickExitsBefore, int expectedSeconds)
    {
        var justStarted = State(DesiredState.Running, ContainerStatus.Running, policy: RestartPolicy.Always) with
        {
            QuickExits = quickExitsBefore - 1,
            StartedAt = Now - TimeSpan.FromSeconds(3),
        };

        var first = ContainerReconcile.AfterExit(justStarted, Engine(false, 1), Now);

        Assert.Equal(quickExitsBefore, first.Next.QuickExits);
        if (expectedSeconds == 0)
        {
            Assert.Equal(RestartVerdict.Now, first.Verdict);
            return;
        }
        Assert.Equal(RestartVerdict.Later, first.Verdict);
        Assert.Equal(Now + TimeSpan.FromSeconds(expectedSeconds), first.RestartAt);
        Assert.EndsWith($"It keeps exiting: restarting in {expectedSeconds} s.", first.Next.StatusReason, StringComparison.Ordinal);

        // Asked again before the pause is over: still later, same time; once it is over: now.
        var early = ContainerReconcile.AfterExit(first.Next, Engine(false, 1), Now + TimeSpan.FromSeconds(1));
        Assert.Equal((RestartVerdict.Later, first.RestartAt), (early.Verdict, early.RestartAt));
        var due = ContainerReconcile.AfterExit(first.Next, Engine(false, 1), first.RestartAt!.Value);
        Assert.Equal(RestartVerdict.Now, due.Verdict);
        Assert.Null(due.Next.NextRestartAt);
        Assert.Equal("Restarted after: Exited with code 1.", due.Next.StatusReason);
    }

    [Fact]
    public void Running_KeepsARestartsReason_DropsOthers_AndClearsRequests()
    {
        var engine = Engine(true) with { StartedAt = Now, Addresses = [new ContainerAddress(80, 8080, "10.88.0.5")] };
        var restarted = State(DesiredState.Running, ContainerStatus.Starting, startRequested: true) with { StatusReason = "Restarted after: Exited with code 1." };
        var failed = State(DesiredState.Running, ContainerStatus.Starting, startRequested: true) with { StatusReason = "Could not start: no image" };

        Assert.True(ContainerReconcile.RunningRecordIsStale(restarted, engine));
        var running = ContainerReconcile.Running(restarted, engine);
        Assert.Equal((ContainerStatus.Running, "Restarted after: Exited with code 1.", false), (running.Status, running.StatusReason, running.StartRequested));
        Assert.Equal(engine.Addresses, running.Addresses);
        Assert.False(ContainerReconcile.RunningRecordIsStale(running, engine));
        Assert.Null(ContainerReconcile.Running(failed, engine).StatusReason);
    }

    [Fact]
    public void SshIsStale_UntilTheKeysOfThisStartAreApplied()
    {
        var running = State(DesiredState.Running, ContainerStatus.Running) with { SshEnabled = true, KeysVersion = 2, KeysApplied = 2 };

        Assert.True(ContainerReconcile.SshIsStale(running with { KeysAppliedStart = null }));
        Assert.True(ContainerReconcile.SshIsStale(running with { KeysAppliedStart = running.StartedAt, KeysApplied = 1 }));
        Assert.False(ContainerReconcile.SshIsStale(running with { KeysAppliedStart = running.StartedAt }));
        Assert.False(ContainerReconcile.SshIsStale(running with { SshEnabled = false }));
    }
}
