using System.Net;
using System.Text.Json;

namespace EddCloud.Tests.Users;

public static class ApiAssert
{
    /// <summary>Asserts the status and that the body is a problem document with the given code; returns its detail.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string context)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{context}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(code, json.RootElement.GetProperty("code").GetString());
        var detail = json.RootElement.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail), $"{context}: the problem has no detail");
        return detail!;
    }

    public static async Task StatusAsync(HttpResponseMessage response, HttpStatusCode status, string context)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{context}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds; bounded in time, the message names what was awaited.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }
        Assert.Fail($"{what} did not happen within {within.TotalSeconds} s");
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds (a generous ceiling: a loaded machine answers slowly), then checks
    /// the product's promise: no poll sent <paramref name="promise"/> or more after the start still saw the old state.
    /// Measuring when the last stale poll was sent, not when the answer came, keeps slow answers from counting.
    /// </summary>
    public static async Task ChangesWithinAsync(Func<Task<bool>> condition, TimeSpan promise, string what)
    {
        var ceiling = TimeSpan.FromSeconds(30) + promise;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan? lastStaleSent = null;
        while (true)
        {
            var sent = clock.Elapsed;
            if (await condition())
                break;
            lastStaleSent = sent;
            Assert.True(clock.Elapsed < ceiling, $"{what} did not happen within {ceiling.TotalSeconds} s");
            await Task.Delay(100);
        }

        Assert.True(lastStaleSent is null || lastStaleSent < promise,
            $"{what}: a request sent {lastStaleSent?.TotalSeconds:0.0} s after the change still saw the old state; promised within {promise.TotalSeconds} s");
    }
}
