using System.Threading.Channels;
using EddCloud.Grains.Events;
using EddCloud.Silo.Events;

namespace EddCloud.Tests.Events;

/// <summary>An event handler that records every delivery and fails the first <c>failures</c> deliveries.</summary>
internal sealed class RecordingEventHandler(string name, string filterSubject = "edd.>", int failures = 0) : IEventHandler
{
    private readonly Channel<EventEnvelope> handled = Channel.CreateUnbounded<EventEnvelope>();
    private int attempts;

    public string Name => name;

    public string FilterSubject => filterSubject;

    /// <summary>Deliveries seen, failed ones included.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    public Task HandleAsync(EventEnvelope envelope, CancellationToken ct)
    {
        if (Interlocked.Increment(ref attempts) <= failures)
        {
            throw new InvalidOperationException($"Handler {name} fails delivery {attempts} on purpose.");
        }

        handled.Writer.TryWrite(envelope);
        return Task.CompletedTask;
    }

    /// <summary>The next successfully handled event; fails naming <paramref name="phase"/> when none comes in time.</summary>
    public async Task<EventEnvelope> NextAsync(string phase, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            return await handled.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{phase}: handler {name} got no event within {limit} (deliveries so far: {Attempts}).");
        }
    }

    /// <summary>
    /// Reads handled events until <paramref name="expected"/>. Events read earlier may come again on the way
    /// (at-least-once: a crashed server can forget an ack); any other event fails.
    /// </summary>
    public async Task WaitForAsync(EventEnvelope expected, IReadOnlyCollection<EventEnvelope> seenBefore, string phase, TimeSpan? timeout = null)
    {
        while (true)
        {
            var next = await NextAsync(phase, timeout);
            if (next == expected)
            {
                return;
            }

            Assert.True(seenBefore.Contains(next), $"{phase}: expected {expected.Id} or a redelivery of an earlier event, got {next.Id}.");
        }
    }
}
