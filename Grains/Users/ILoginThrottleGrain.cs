namespace EddCloud.Grains.Users;

/// <summary>
/// Failed sign-ins against one username, counted per client IP (keyed by normalized username).
/// Only failures count and a success clears its IP's count, so guessing from one address slows
/// that address down without locking the real user out from theirs. Kept in memory: a rate
/// limit, not data.
/// </summary>
[Alias("edd.users.ILoginThrottleGrain")]
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>How long <paramref name="ip"/> must wait before trying this username again, or null when it may try now.</summary>
    [Alias("check")] Task<TimeSpan?> CheckAsync(string ip);

    [Alias("failure")] Task RecordFailureAsync(string ip);

    [Alias("success")] Task RecordSuccessAsync(string ip);
}
