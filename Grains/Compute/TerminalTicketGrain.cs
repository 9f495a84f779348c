namespace EddCloud.Grains.Compute;

/// <summary>
/// Holds a ticket in memory only: a silo that dies loses its tickets, and the browser simply asks for a new one.
/// The activation goes away once the ticket is used or expired.
/// </summary>
public sealed class TerminalTicketGrain(TimeProvider time) : Grain, ITerminalTicketGrain
{
    private TerminalGrant? _grant;

    public Task IssueAsync(TerminalGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (_grant is not null)
            throw new InvalidOperationException("This ticket was already issued.");
        _grant = grant;
        var lifetime = grant.ExpiresAt - time.GetUtcNow();
        this.RegisterGrainTimer(() =>
        {
            _grant = null;
            DeactivateOnIdle();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(lifetime > TimeSpan.Zero ? lifetime : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task<TerminalGrant?> RedeemAsync()
    {
        var grant = _grant;
        _grant = null;
        DeactivateOnIdle();
        return Task.FromResult(grant is not null && grant.ExpiresAt > time.GetUtcNow() ? grant : null);
    }
}
