using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace EddCloud.Silo.Events;

/// <summary>
/// Runs one durable pull consumer per registered <see cref="IEventHandler"/>: acks after the handler succeeds,
/// naks with a growing delay when it throws. A consumer that stops (NATS down, stream gone) is set up again
/// after a bounded backoff until the host stops; NATS reconnects are handled by the client underneath.
/// </summary>
public sealed class EventConsumerHost(
    IEnumerable<IEventHandler> handlers, NatsConnectionProvider provider, ILogger<EventConsumerHost> logger) : BackgroundService
{
    /// <summary>How long an unacknowledged delivery waits before JetStream redelivers it.</summary>
    public static readonly TimeSpan AckWait = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries per event before JetStream stops redelivering it to a consumer.</summary>
    public const int MaxDeliver = 20;

    private static readonly TimeSpan MaxNakDelay = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxConsumerRetryDelay = TimeSpan.FromSeconds(30);

    // Redelivery of deliveries that were never acked or nakked (a crash, a hung handler); the first step is the ack wait.
    private static readonly TimeSpan[] AckTimeoutBackoff = [AckWait, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];

    // Few messages in flight: handling is sequential, and buffered messages count against the ack wait.
    // A short heartbeat notices a silent server (e.g. one that lost our pull request) within 10 s.
    private static readonly NatsJSConsumeOpts ConsumeOptions = new() { MaxMsgs = 10, IdleHeartbeat = TimeSpan.FromSeconds(5) };

    private readonly IEventHandler[] handlers = [.. handlers];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // A misnamed handler is a programming error: fail start-up rather than run without it.
        foreach (var handler in handlers)
        {
            if (!NatsNames.IsValid(handler.Name))
            {
                throw new InvalidOperationException(
                    $"Event handler {handler.GetType().Name} has consumer name '{handler.Name}'; use letters, digits, '-' and '_' only.");
            }

            if (!handler.FilterSubject.StartsWith("edd.", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Event handler {handler.GetType().Name} filters '{handler.FilterSubject}'; event subjects start with 'edd.' (e.g. edd.users.deleted).");
            }
        }

        var duplicate = handlers.GroupBy(handler => handler.Name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Event handlers {string.Join(", ", duplicate.Select(handler => handler.GetType().Name))} share consumer name '{duplicate.Key}'; give each its own.");
        }

        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(handlers.Select(handler => ConsumeAsync(handler, stoppingToken)));

    internal static ConsumerConfig ConsumerConfigFor(IEventHandler handler) => new(handler.Name)
    {
        DurableName = handler.Name,
        FilterSubject = handler.FilterSubject,
        AckPolicy = ConsumerConfigAckPolicy.Explicit,
        DeliverPolicy = ConsumerConfigDeliverPolicy.All,
        AckWait = AckWait,
        MaxDeliver = MaxDeliver,
        Backoff = AckTimeoutBackoff,
    };

    private async Task ConsumeAsync(IEventHandler handler, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Exception? failure = null;
            try
            {
                if (await ConsumeUntilReconnectAsync(handler, () => failures = 0, stoppingToken))
                {
                    EventsLog.ConsumerResubscribing(logger, handler.Name);
                    provider.StreamMayBeMissing(); // The server may be a new one with an empty store.
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NatsException or TimeoutException or OperationCanceledException)
            {
                failure = exception;
            }

            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            // Consumption ended on its own: NATS was unreachable, or the consumer or the stream went away.
            failures++;
            var delay = TimeSpan.FromMilliseconds(Math.Min(MaxConsumerRetryDelay.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(failures - 1, 10))));
            EventsLog.ConsumerFailed(logger, failure, handler.Name, failures, delay);
            provider.StreamMayBeMissing();
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Creates the durable consumer and consumes until the connection re-opens (true) or consumption ends (false).
    /// The client does not re-issue its pull request after a reconnect and would sit idle until its heartbeat
    /// timeout, so a reconnect starts a fresh pull, which also re-creates a stream or consumer a new server lost.
    /// </summary>
    private async Task<bool> ConsumeUntilReconnectAsync(IEventHandler handler, Action onMessage, CancellationToken stoppingToken)
    {
        var connection = await provider.GetConnectionAsync(stoppingToken);
        var jetStream = await provider.GetJetStreamAsync(stoppingToken);
        using var reconnected = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        ValueTask OnConnectionOpened(object? sender, NatsEventArgs args)
        {
            try
            {
                reconnected.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // This cycle already ended; the next one starts with a fresh pull anyway.
            }

            return ValueTask.CompletedTask;
        }

        connection.ConnectionOpened += OnConnectionOpened;
        try
        {
            var consumer = await jetStream.CreateOrUpdateConsumerAsync(provider.StreamName, ConsumerConfigFor(handler), stoppingToken);
            EventsLog.ConsumerStarted(logger, handler.Name, handler.FilterSubject);
            await foreach (var message in consumer.ConsumeAsync(NatsRawSerializer<byte[]>.Default, ConsumeOptions, reconnected.Token))
            {
                onMessage();
                await HandleAsync(handler, message, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (reconnected.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // Fall through: a reconnect, not a failure.
        }
        finally
        {
            connection.ConnectionOpened -= OnConnectionOpened;
        }

        return reconnected.IsCancellationRequested && !stoppingToken.IsCancellationRequested;
    }

    private async Task HandleAsync(IEventHandler handler, INatsJSMsg<byte[]> message, CancellationToken stoppingToken)
    {
        var sequence = message.Metadata?.Sequence.Stream ?? 0;
        if (!EventHeaders.TryRead(message, out var envelope, out var problem))
        {
            // Not an event envelope: retrying cannot fix it, so take it out of this consumer for good.
            EventsLog.MessageMalformed(logger, handler.Name, sequence, message.Subject, problem);
            await ReplyAsync(handler, Guid.Empty, "terminate", () => message.AckTerminateAsync(cancellationToken: stoppingToken));
            return;
        }

        try
        {
            await handler.HandleAsync(envelope, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw; // Not acked: JetStream redelivers it after the ack wait.
        }
        catch (Exception exception)
        {
            // Any handler failure is retried by JetStream, so it is logged here and not rethrown.
            var delivery = message.Metadata?.NumDelivered ?? 1;
            if (delivery >= MaxDeliver)
            {
                EventsLog.HandlerGaveUp(logger, exception, handler.Name, envelope.Id, envelope.Subject, delivery);
                await ReplyAsync(handler, envelope.Id, "terminate", () => message.AckTerminateAsync(cancellationToken: stoppingToken));
                return;
            }

            var delay = NakDelay(delivery);
            EventsLog.HandlerFailed(logger, exception, handler.Name, envelope.Id, envelope.Subject, delivery, delay);
            await ReplyAsync(handler, envelope.Id, "nak", () => message.NakAsync(new AckOpts { NakDelay = delay }, stoppingToken));
            return;
        }

        // Double ack: wait until JetStream recorded it, so "handled" means "will not come back" as far as possible.
        await ReplyAsync(handler, envelope.Id, "ack", () => message.AckAsync(new AckOpts { DoubleAck = true }, stoppingToken));
    }

    private async Task ReplyAsync(IEventHandler handler, Guid eventId, string reply, Func<ValueTask> send)
    {
        try
        {
            await send();
        }
        catch (NatsException exception)
        {
            // A lost ack is safe (the event comes back and handlers are idempotent); it must not stop the consumer.
            EventsLog.ReplyFailed(logger, exception, handler.Name, reply, eventId);
        }
    }

    /// <summary>1 s after the first failed delivery, doubling, at most 5 minutes.</summary>
    internal static TimeSpan NakDelay(ulong delivery) =>
        TimeSpan.FromSeconds(Math.Min(MaxNakDelay.TotalSeconds, Math.Pow(2, Math.Min(delivery - 1, 20))));
}
