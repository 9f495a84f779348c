using EddCloud.Grains.Events;
using EddCloud.Silo.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NATS.Client.JetStream.Models;

namespace EddCloud.Tests.Events;

[IntegrationTest]
public sealed class EventConsumerHostTests : IAsyncLifetime
{
    private readonly NatsServerFixture nats = new();

    public Task InitializeAsync() => nats.InitializeAsync();

    public Task DisposeAsync() => nats.DisposeAsync();

    [Fact]
    public async Task HandleAsync_ThrowsOnce_EventIsRedeliveredAndAckedAfterSuccess()
    {
        var handler = new RecordingEventHandler("flaky", failures: 1);
        using var host = await EventsTestHost.StartAsync(nats, handler);
        var sent = NewEvent("edd.files.removed");

        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(sent);

        Assert.Equal(sent, await handler.NextAsync("redelivery after the failed delivery"));
        Assert.Equal(2, handler.Attempts);
        var info = await Eventually.UntilAsync(
            () => ConsumerInfoAsync(host, "flaky"),
            consumer => consumer.AckFloor?.StreamSeq == 1 && consumer.NumAckPending == 0,
            "consumer 'flaky' to have acked stream sequence 1 with nothing pending");
        Assert.Equal(0ul, info.NumPending);
        await host.StopAsync();
    }

    [Fact]
    public async Task ConsumeAsync_ConsumerRestarted_ResumesAfterTheLastAckedEvent()
    {
        // 1. A first consumer handles two events and acks them.
        var first = new RecordingEventHandler("resume");
        var (one, two, three) = (NewEvent("edd.keys.revoked"), NewEvent("edd.keys.revoked"), NewEvent("edd.keys.revoked"));
        using (var host = await EventsTestHost.StartAsync(nats, first))
        {
            var publisher = host.Services.GetRequiredService<IEventPublisher>();
            await publisher.PublishAsync(one);
            await publisher.PublishAsync(two);
            Assert.Equal(one, await first.NextAsync("step 1, first event"));
            Assert.Equal(two, await first.NextAsync("step 1, second event"));
            await Eventually.UntilAsync(() => ConsumerInfoAsync(host, "resume"), c => c.AckFloor?.StreamSeq == 2, "step 1: both events acked");
            await host.StopAsync();
        }

        // 2. An event published while no consumer runs.
        using (var publisherHost = await EventsTestHost.StartAsync(nats))
        {
            await publisherHost.Services.GetRequiredService<IEventPublisher>().PublishAsync(three);
            await publisherHost.StopAsync();
        }

        // 3. The same durable consumer, restarted, gets only the event it has not handled.
        var second = new RecordingEventHandler("resume");
        using (var host = await EventsTestHost.StartAsync(nats, second))
        {
            Assert.Equal(three, await second.NextAsync("step 3, after restart"));
            await Eventually.UntilAsync(() => ConsumerInfoAsync(host, "resume"), c => c.AckFloor?.StreamSeq == 3, "step 3: third event acked");
            Assert.Equal(1, second.Attempts);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task ConsumeAsync_NatsServerRestarted_KeepsConsuming()
    {
        var handler = new RecordingEventHandler("survivor");
        using var host = await EventsTestHost.StartAsync(nats, handler);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var before = NewEvent("edd.containers.stopped");
        await publisher.PublishAsync(before);
        Assert.Equal(before, await handler.NextAsync("before the NATS restart"));
        await Eventually.UntilAsync(() => ConsumerInfoAsync(host, "survivor"), c => c.AckFloor?.StreamSeq == 1, "the first event acked before the restart");

        // SIGKILL may lose the consumer's ack state on disk, so the first event may come again (at least once).
        await nats.KillAsync();
        await nats.StartAsync();

        // The client reconnects in the background; a publish during that time fails, and callers retry with the same Id.
        var after = NewEvent("edd.containers.stopped");
        await Eventually.UntilAsync(() => TryPublishAsync(publisher, after), published => published, "a publish to succeed after the NATS restart", TimeSpan.FromSeconds(60));
        await handler.WaitForAsync(after, [before], "after the NATS restart", TimeSpan.FromSeconds(60));
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_HandlerNameWithDot_FailsNamingTheHandler()
    {
        using var host = EventsTestHost.Build(nats.StoreDirectory, new Dictionary<string, string?> { ["Nats:Url"] = nats.Url }, new RecordingEventHandler("users.deleted"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("'users.deleted'", error.Message, StringComparison.Ordinal);
    }

    private static EventEnvelope NewEvent(string subject) =>
        new(Guid.NewGuid(), subject, DateTimeOffset.UtcNow, $$"""{"n":"{{Guid.NewGuid()}}"}""");

    private static async Task<ConsumerInfo> ConsumerInfoAsync(IHost host, string name)
    {
        var jetStream = await host.Services.GetRequiredService<NatsConnectionProvider>().GetJetStreamAsync(CancellationToken.None);
        return (await jetStream.GetConsumerAsync("EDD", name)).Info;
    }

    private static async Task<bool> TryPublishAsync(IEventPublisher publisher, EventEnvelope envelope)
    {
        try
        {
            await publisher.PublishAsync(envelope);
            return true;
        }
        catch (EventPublishException)
        {
            return false;
        }
    }
}
