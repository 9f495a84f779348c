using System.Diagnostics;
using EddCloud.Grains.Events;
using EddCloud.Silo.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using EddCloud.Tests.Hosting;

namespace EddCloud.Tests.Events;

[IntegrationTest]
public sealed class NatsServerSupervisorTests : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("edd-silo-").FullName;

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    [Fact]
    public async Task StartAsync_NoUrl_RunsRestartsAndStopsALocalServer()
    {
        // 1. Without Nats:Url the host starts its own server, and events flow through it.
        var handler = new RecordingEventHandler("local");
        using var host = EventsTestHost.Build(dataDirectory, new Dictionary<string, string?>(), handler);
        await host.StartAsync();
        var supervisor = host.Services.GetRequiredService<NatsServerSupervisor>();
        var firstPid = supervisor.ProcessId ?? throw new InvalidOperationException("step 1: no local nats-server after start");
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var first = new EventEnvelope(Guid.NewGuid(), "edd.users.created", DateTimeOffset.UtcNow, "{}");
        await publisher.PublishAsync(first);
        Assert.Equal(first, await handler.NextAsync("step 1, local server"));
        Assert.True(Directory.Exists(Path.Combine(dataDirectory, "nats", "jetstream")), "step 1: JetStream store under <data>/nats");

        // 2. SIGKILL: the supervisor starts a new server on the same store, and events flow again.
        using (var killed = Process.GetProcessById(firstPid))
        {
            killed.Kill();
            await killed.WaitForExitAsync();
        }

        var secondPid = await Eventually.UntilAsync(
            () => Task.FromResult(supervisor.ProcessId), pid => pid is not null && pid != firstPid, $"step 2: a new nats-server after killing {firstPid}");
        var second = new EventEnvelope(Guid.NewGuid(), "edd.users.created", DateTimeOffset.UtcNow, "{}");
        await Eventually.UntilAsync(() => TryPublishAsync(publisher, second), ok => ok, "step 2: a publish to succeed after the restart", TimeSpan.FromSeconds(60));
        await handler.WaitForAsync(second, [first], "step 2, restarted server", TimeSpan.FromSeconds(60));

        // 3. Host shutdown stops the server: no nats-server of ours is left.
        await host.StopAsync();
        Assert.False(ProcessIds.IsRunning(firstPid), $"step 3: first nats-server {firstPid} still running");
        Assert.False(ProcessIds.IsRunning(secondPid!.Value), $"step 3: restarted nats-server {secondPid} still running");
        Assert.Null(supervisor.ProcessId);
    }

    [Fact]
    public async Task StartAsync_BinaryMissing_FailsSayingInstallOrSetUrl()
    {
        using var host = EventsTestHost.Build(dataDirectory, new Dictionary<string, string?> { ["Nats:ServerPath"] = "/nonexistent/nats-server" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("apt-get install nats-server", error.Message, StringComparison.Ordinal);
        Assert.Contains("EDD_NATS__URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_UrlNotANatsUrl_FailsNamingTheKey()
    {
        using var host = EventsTestHost.Build(dataDirectory, new Dictionary<string, string?> { ["Nats:Url"] = "localhost:4222" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("EDD_NATS__URL", error.Message, StringComparison.Ordinal);
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
