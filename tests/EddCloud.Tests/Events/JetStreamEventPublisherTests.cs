using EddCloud.Grains.Events;
using EddCloud.Silo.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EddCloud.Tests.Events;

// Each test gets its own nats-server: the stream owns every edd.> subject, so tests cannot share one.
[IntegrationTest]
public sealed class JetStreamEventPublisherTests : IAsyncLifetime
{
    private readonly NatsServerFixture nats = new();

    public Task InitializeAsync() => nats.InitializeAsync();

    public Task DisposeAsync() => nats.DisposeAsync();

    [Fact]
    public async Task PublishAsync_DurableConsumerRegistered_HandlerReceivesTheEnvelope()
    {
        var handler = new RecordingEventHandler("users-deleted", "edd.users.>");
        using var host = await EventsTestHost.StartAsync(nats, handler);
        var sent = new EventEnvelope(Guid.NewGuid(), "edd.users.deleted", new DateTimeOffset(2025, 5, 1, 12, 30, 15, 123, TimeSpan.FromHours(2)), """{"userId":"u-1"}""");

        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(sent);

        var received = await handler.NextAsync("after publish");
        Assert.Equal(sent, received);
        await host.StopAsync();
    }

    [Fact]
    public async Task PublishAsync_SameIdTwice_StreamStoresItOnce()
    {
        using var host = await EventsTestHost.StartAsync(nats);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var sent = new EventEnvelope(Guid.NewGuid(), "edd.users.deleted", DateTimeOffset.UtcNow, """{"userId":"u-2"}""");

        await publisher.PublishAsync(sent);
        await publisher.PublishAsync(sent);
        await publisher.PublishAsync(sent with { Id = Guid.NewGuid() });

        var jetStream = await host.Services.GetRequiredService<NatsConnectionProvider>().GetJetStreamAsync(CancellationToken.None);
        var stream = await jetStream.GetStreamAsync("EDD");
        Assert.Equal(2, stream.Info.State.Messages);
        await host.StopAsync();
    }

    [Fact]
    public async Task PublishAsync_Started_StreamHasConfiguredLimits()
    {
        using var host = await EventsTestHost.StartAsync(nats);

        var jetStream = await host.Services.GetRequiredService<NatsConnectionProvider>().GetJetStreamAsync(CancellationToken.None);
        var config = (await jetStream.GetStreamAsync("EDD")).Info.Config;

        Assert.Equal(["edd.>"], config.Subjects);
        Assert.Equal(NATS.Client.JetStream.Models.StreamConfigStorage.File, config.Storage);
        Assert.Equal(TimeSpan.FromDays(30), config.MaxAge);
        Assert.Equal(TimeSpan.FromMinutes(2), config.DuplicateWindow);
        await host.StopAsync();
    }

    [Fact]
    public async Task PublishAsync_NatsDown_ThrowsEventPublishException()
    {
        using var host = await EventsTestHost.StartAsync(nats);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        await publisher.PublishAsync(new EventEnvelope(Guid.NewGuid(), "edd.users.created", DateTimeOffset.UtcNow, "{}"));
        await nats.KillAsync();

        var sent = new EventEnvelope(Guid.NewGuid(), "edd.users.deleted", DateTimeOffset.UtcNow, "{}");
        var error = await Assert.ThrowsAsync<EventPublishException>(() => publisher.PublishAsync(sent));

        Assert.Contains(sent.Id.ToString(), error.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task PublishAsync_SubjectOutsideStream_ThrowsArgumentException()
    {
        using var host = await EventsTestHost.StartAsync(nats);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Services.GetRequiredService<IEventPublisher>()
            .PublishAsync(new EventEnvelope(Guid.NewGuid(), "users.deleted", DateTimeOffset.UtcNow, "{}")));

        Assert.Contains("'edd.'", error.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }
}
