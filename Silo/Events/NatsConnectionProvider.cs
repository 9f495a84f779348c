using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace EddCloud.Silo.Events;

/// <summary>
/// The process's one NATS connection and its JetStream context. Connects on first use (waiting for the local
/// server when the silo runs one) and creates or updates the events stream idempotently before handing it out.
/// A failed attempt is not cached: the next caller tries again.
/// </summary>
public sealed class NatsConnectionProvider(
    IOptions<NatsOptions> options, NatsServerSupervisor supervisor, ILoggerFactory loggerFactory) : IAsyncDisposable, IDisposable
{
    /// <summary>Subjects the events stream holds; every event subject starts with <c>edd.</c>.</summary>
    public const string Subjects = "edd.>";

    private static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(2);
    private readonly ILogger logger = loggerFactory.CreateLogger<NatsConnectionProvider>();
    private readonly SemaphoreSlim gate = new(1, 1);
    private NatsConnection? connection;
    private NatsJSContext? jetStream;
    private volatile bool streamReady;

    /// <summary>The JetStream stream events are published to.</summary>
    public string StreamName => options.Value.StreamName;

    /// <summary>The shared connection, connected.</summary>
    public async Task<INatsConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        await GetJetStreamAsync(cancellationToken);
        return connection!;
    }

    /// <summary>The shared JetStream context, with the events stream in place.</summary>
    public async Task<INatsJSContext> GetJetStreamAsync(CancellationToken cancellationToken)
    {
        if (jetStream is { } ready && streamReady)
        {
            return ready;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (jetStream is null)
            {
                var url = await supervisor.GetUrlAsync(cancellationToken);
                var created = new NatsConnection(new NatsOpts { Url = url, Name = "eddcloud-silo", LoggerFactory = loggerFactory });
                try
                {
                    await created.ConnectAsync().AsTask().WaitAsync(cancellationToken);
                }
                catch
                {
                    await created.DisposeAsync();
                    throw;
                }

                EventsLog.Connected(logger, url);
                connection = created;
                jetStream = new NatsJSContext(created);
            }

            if (!streamReady)
            {
                await EnsureStreamAsync(jetStream, cancellationToken);
                streamReady = true;
            }

            return jetStream;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Called when JetStream did not answer for the stream's subjects: the next caller creates it again.</summary>
    internal void StreamMayBeMissing() => streamReady = false;

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        gate.Dispose();
    }

    /// <summary>For containers disposed synchronously; the connection only offers an async dispose.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task EnsureStreamAsync(NatsJSContext context, CancellationToken cancellationToken)
    {
        var config = new StreamConfig(options.Value.StreamName, [Subjects])
        {
            Storage = StreamConfigStorage.File,
            MaxAge = options.Value.MaxAge,
            DuplicateWindow = DuplicateWindow,
        };
        await context.CreateOrUpdateStreamAsync(config, cancellationToken);
        EventsLog.StreamReady(logger, config.Name!, Subjects, options.Value.MaxAge);
    }
}
