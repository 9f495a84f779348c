using EddCloud.Grains.Errors;
using EddCloud.Grains.Persistence;

namespace EddCloud.Grains.Compute;

[GenerateSerializer, Alias("edd.compute.ingress-name-state")]
public sealed record IngressNameState
{
    [Id(0)] public IngressRule? Rule { get; init; }
}

internal sealed class IngressNameGrain(
    [PersistentState("ingress-name", StorageNames.Default)] IPersistentState<IngressNameState> state) : Grain, IIngressNameGrain
{
    public async Task ClaimAsync(IngressRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var name = this.GetPrimaryKeyString();
        if (rule.Name != name)
            throw new ArgumentException($"The rule is for '{rule.Name}', not '{name}'.", nameof(rule));
        if (state.State.Rule is { } held && held.ContainerId != rule.ContainerId)
            throw EddException.Conflict($"The ingress name '{name}' is taken; pick another.", "ingress");
        if (state.State.Rule != rule)
            await state.WriteAsync(state.State with { Rule = rule });
    }

    public async Task ReleaseAsync(Guid containerId)
    {
        if (state.State.Rule?.ContainerId == containerId)
            await state.WriteAsync(state.State with { Rule = null });
    }

    public Task<IngressRule?> ResolveAsync() => Task.FromResult(state.State.Rule);
}
