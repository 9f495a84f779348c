using EddCloud.Grains.Storage;
using EddCloud.Silo.Hosting;

namespace EddCloud.Silo.Storage;

/// <summary>
/// An upload's claim on its owner's quota: reserved before any byte is stored, grown in steps while a body of
/// unknown length streams, renewed while the upload runs, and settled with the exact change once it committed.
/// </summary>
internal sealed class QuotaReservation : IAsyncDisposable
{
    /// <summary>Growth step for bodies without a Content-Length.</summary>
    public const long Step = 64L * 1024 * 1024;

    private readonly IStorageAccountGrain _account;
    private readonly Guid _namespaceId;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private long _reserved;
    private bool _registered;
    private bool _ended;

    public Guid Id { get; } = Guid.NewGuid();

    private QuotaReservation(IStorageAccountGrain account, Guid namespaceId, TimeSpan renewEvery)
    {
        (_account, _namespaceId) = (account, namespaceId);
        _renewals = RenewAsync(renewEvery, _stop.Token);
    }

    /// <summary>Reserves at least <paramref name="minimum"/> bytes, up to <paramref name="desired"/> when the quota leaves room.</summary>
    public static async Task<QuotaReservation> ReserveAsync(IGrainFactory grains, NamespaceInfo ns, long minimum, long desired, TimeSpan lease, CancellationToken cancellationToken)
    {
        var account = grains.GetGrain<IStorageAccountGrain>(ns.OwnerId);
        var reservation = new QuotaReservation(account, ns.Id, lease / 4);
        try
        {
            // Always registered, even for 0 bytes: a delete's settle needs it, and its lapse starts a recount.
            reservation._reserved = await TransientGrainCalls.RetryAsync(() => account.ReserveAsync(reservation.Id, ns.Id, minimum, desired), cancellationToken);
            reservation._registered = true;
            return reservation;
        }
        catch
        {
            await reservation.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Makes sure at least <paramref name="bytes"/> are reserved, asking for up to <paramref name="desired"/> so the
    /// next reads need no call (refused with quota_exceeded when even <paramref name="bytes"/> would pass the quota).
    /// </summary>
    public async ValueTask EnsureAsync(long bytes, long desired, CancellationToken cancellationToken)
    {
        if (bytes <= Volatile.Read(ref _reserved))
            return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (bytes > _reserved)
            {
                var granted = await TransientGrainCalls.RetryAsync(() => _account.ReserveAsync(Id, _namespaceId, bytes, Math.Max(bytes, desired)), cancellationToken);
                Volatile.Write(ref _reserved, granted);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task SettleAsync(long deltaBytes, CancellationToken cancellationToken)
    {
        _ended = true;
        await _stop.CancelAsync();
        await TransientGrainCalls.RetryAsync(() => _account.SettleAsync(Id, deltaBytes), cancellationToken);
    }

    private async Task RenewAsync(TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await _gate.WaitAsync(stop);
                try
                {
                    await _account.ReserveAsync(Id, _namespaceId, _reserved, _reserved);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Retried at the next tick; the lease outlives several ticks.
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Releases the reservation unless it was settled.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        if (!_ended && _registered)
        {
            try
            {
                await _account.ReleaseAsync(Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // It lapses by itself.
            }
        }
        _stop.Dispose();
        _gate.Dispose();
    }
}
