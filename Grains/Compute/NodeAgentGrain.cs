using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using EddCloud.Grains.Dfs;
using EddCloud.Grains.Hosting;
using EddCloud.Grains.Errors;
using Orleans.Concurrency;

namespace EddCloud.Grains.Compute;

/// <summary>
/// A node's container engine as a grain. It holds no state: it runs orders through the silo's
/// <see cref="INodeAgent"/>, and only on its own node: placed anywhere else, it refuses and deactivates, so the
/// next call finds the node again when it returns.
/// </summary>
[NodePinnedPlacement, Reentrant]
internal sealed class NodeAgentGrain(INodeAgent agent) : Grain, INodeAgentGrain
{
    private static readonly TimeSpan StepDeadline = TimeSpan.FromMinutes(2);

    public Task<bool> HasImageAsync(string image) => RunAsync(token => agent.HasImageAsync(image, token));

    public Task<EngineState> CreateAsync(Guid id, Guid owner, ContainerSettings settings) =>
        RunAsync(token => agent.CreateAsync(id, owner, settings, token));

    public Task<EngineState?> InspectAsync(Guid id) => RunAsync(token => agent.InspectAsync(id, token));

    public Task StartAsync(Guid id, Guid owner, ContainerSettings settings) => RunAsync(async token =>
    {
        await agent.StartAsync(id, owner, settings, token);
        return true;
    });

    public Task StopAsync(Guid id, TimeSpan timeout) => RunAsync(async token =>
    {
        await agent.StopAsync(id, timeout, token);
        return true;
    }, timeout + StepDeadline);

    public Task RemoveAsync(Guid id) => RunAsync(async token =>
    {
        await agent.RemoveAsync(id, token);
        return true;
    });

    public Task<ExecOutcome> ExecAsync(Guid id, ImmutableArray<string> command) => RunAsync(token => agent.ExecAsync(id, command, token));

    public async IAsyncEnumerable<LogLine> LogsAsync(Guid id, int tail, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureHome();
        await foreach (var line in agent.LogsAsync(id, tail, follow, cancellationToken))
            yield return line;
    }

    public Task<UsageSample> SampleAsync(Guid id) => RunAsync(token => agent.SampleAsync(id, token));

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> action, TimeSpan? deadline = null)
    {
        EnsureHome();
        using var cancellation = new CancellationTokenSource(deadline ?? StepDeadline);
        return await action(cancellation.Token);
    }

    private void EnsureHome()
    {
        var node = this.GetPrimaryKeyString();
        if (agent.NodeName == node)
            return;
        DeactivateOnIdle();
        throw new EddException(ErrorCodes.Unavailable, $"Node {node} is not in the cluster now; its containers cannot be reached until it returns.");
    }
}
