using Orleans.Runtime;

namespace EddCloud.Silo.Hosting;

/// <summary>
/// Retries grain calls that failed because a silo died: until membership declares it dead
/// (seconds), calls to grains it hosted fail fast; afterwards the grain activates elsewhere from
/// its durable state. Bounded in attempts and time; only for calls safe to repeat.
/// </summary>
internal static class TransientGrainCalls
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Budget;
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (IsTransient(ex) && DateTime.UtcNow + delay < deadline && attempt < 20)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public static Task RetryAsync(Func<Task> call, CancellationToken cancellationToken) =>
        RetryAsync(async () => { await call(); return true; }, cancellationToken);

    private static bool IsTransient(Exception ex) =>
        // "No live node" right after the cluster grain moved: nodes report within seconds.
        ex is EddCloud.Grains.Errors.EddException { Code: EddCloud.Grains.Errors.ErrorCodes.Unavailable }
        || ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
        || ex is OrleansException { InnerException: SiloUnavailableException or OrleansMessageRejectionException or TimeoutException };
}
