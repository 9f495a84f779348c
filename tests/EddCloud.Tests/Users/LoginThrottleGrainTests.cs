using EddCloud.Grains.Users;

namespace EddCloud.Tests.Users;

[Collection(GrainsClusterCollection.Name)]
public sealed class LoginThrottleGrainTests(GrainsClusterFixture fixture)
{
    [Fact]
    public async Task Failures_BeyondTheFreeOnes_BlockThatAddressWithGrowingDelay_OthersUnaffected()
    {
        var throttle = fixture.Grains.GetGrain<ILoginThrottleGrain>("victim-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < 4; i++)
            await throttle.RecordFailureAsync("203.0.113.9");
        Assert.Null(await throttle.CheckAsync("203.0.113.9"));

        await throttle.RecordFailureAsync("203.0.113.9");
        var first = await throttle.CheckAsync("203.0.113.9");
        Assert.NotNull(first);
        Assert.Null(await throttle.CheckAsync("198.51.100.7"));

        GrainsClusterFixture.Time.Advance(first!.Value + TimeSpan.FromSeconds(1));
        Assert.Null(await throttle.CheckAsync("203.0.113.9"));
        await throttle.RecordFailureAsync("203.0.113.9");
        var second = await throttle.CheckAsync("203.0.113.9");
        Assert.True(second > first, $"the delay grows: first {first}, second {second}");
    }

    [Fact]
    public async Task Success_ClearsThatAddressOnly()
    {
        var throttle = fixture.Grains.GetGrain<ILoginThrottleGrain>("user-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < 6; i++)
        {
            await throttle.RecordFailureAsync("192.0.2.1");
            await throttle.RecordFailureAsync("192.0.2.2");
        }

        await throttle.RecordSuccessAsync("192.0.2.1");

        Assert.Null(await throttle.CheckAsync("192.0.2.1"));
        Assert.NotNull(await throttle.CheckAsync("192.0.2.2"));
    }
}
