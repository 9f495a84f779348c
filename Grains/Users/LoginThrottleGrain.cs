namespace EddCloud.Grains.Users;

internal sealed class LoginThrottleGrain(TimeProvider time) : Grain, ILoginThrottleGrain
{
    /// <summary>Failures allowed from one IP before it has to wait.</summary>
    internal const int FreeFailures = 5;
    private const int MaxTrackedAddresses = 1000;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    private readonly Dictionary<string, Failures> _byIp = new(StringComparer.Ordinal);

    public Task<TimeSpan?> CheckAsync(string ip)
    {
        var now = time.GetUtcNow();
        if (!_byIp.TryGetValue(ip, out var failures) || failures.BlockedUntil <= now)
            return Task.FromResult<TimeSpan?>(null);
        return Task.FromResult<TimeSpan?>(failures.BlockedUntil - now);
    }

    public Task RecordFailureAsync(string ip)
    {
        var now = time.GetUtcNow();
        var count = _byIp.TryGetValue(ip, out var previous) && now - previous.LastFailure < ForgetAfter ? previous.Count + 1 : 1;
        var blockedUntil = count < FreeFailures ? now : now + Delay(count - FreeFailures);
        if (_byIp.Count >= MaxTrackedAddresses && !_byIp.ContainsKey(ip))
            _byIp.Remove(_byIp.MinBy(kv => kv.Value.LastFailure).Key);
        _byIp[ip] = new Failures(count, now, blockedUntil);
        return Task.CompletedTask;
    }

    public Task RecordSuccessAsync(string ip)
    {
        _byIp.Remove(ip);
        return Task.CompletedTask;
    }

    private static TimeSpan Delay(int excess)
    {
        var seconds = FirstDelay.TotalSeconds * Math.Pow(2, Math.Min(excess, 10));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxDelay.TotalSeconds));
    }

    private sealed record Failures(int Count, DateTimeOffset LastFailure, DateTimeOffset BlockedUntil);
}
