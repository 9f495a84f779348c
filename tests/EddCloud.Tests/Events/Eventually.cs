using System.Diagnostics;

namespace EddCloud.Tests.Events;

/// <summary>Waits for a condition with a deadline; the failure names what was expected and what was last seen.</summary>
internal static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string expectation, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Expected {expectation} within {limit}; last seen: {value}.");
            }

            await Task.Delay(50);
        }
    }
}
