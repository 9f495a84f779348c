namespace EddCloud.Tests.Dfs.DataPlane;

/// <summary>Polls a condition that becomes true asynchronously (a server finishing a cancelled request).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string message, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail(message);
            await Task.Delay(50);
        }
    }
}
