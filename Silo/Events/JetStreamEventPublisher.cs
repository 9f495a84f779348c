using System.Text;
using EddCloud.Grains.Events;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace EddCloud.Silo.Events;

/// <summary>
/// Publishes events to the JetStream stream and returns once the stream acknowledged them. The envelope Id is the
/// <c>Nats-Msg-Id</c>, so a retry within the stream's 2-minute duplicate window is stored once.
/// Throws <see cref="EventPublishException"/> when there is no acknowledgement within <see cref="AckTimeout"/>.
/// </summary>
public sealed class JetStreamEventPublisher(NatsConnectionProvider provider, ILogger<JetStreamEventPublisher> logger) : IEventPublisher
{
    /// <summary>The longest a publish waits, connecting included, before it gives up.</summary>
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(10);

    public async Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (!envelope.Subject.StartsWith("edd.", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Event subject '{envelope.Subject}' is outside the events stream; event subjects start with 'edd.' (e.g. edd.users.deleted).",
                nameof(envelope));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AckTimeout);
        PubAckResponse ack;
        try
        {
            var jetStream = await provider.GetJetStreamAsync(timeout.Token);
            ack = await jetStream.PublishAsync(
                envelope.Subject,
                Encoding.UTF8.GetBytes(envelope.Data),
                NatsRawSerializer<byte[]>.Default,
                new NatsJSPubOpts { MsgId = envelope.Id.ToString() },
                EventHeaders.Create(envelope),
                timeout.Token);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(envelope, $"no acknowledgement within {AckTimeout.TotalSeconds:0} s (is NATS running?)", exception);
        }
        catch (NatsNoRespondersException exception)
        {
            provider.StreamMayBeMissing();
            throw Failed(envelope, "no stream answered for the subject", exception);
        }
        catch (Exception exception) when (exception is NatsException or TimeoutException)
        {
            throw Failed(envelope, exception.Message, exception);
        }

        if (ack.Error is { } error)
        {
            throw Failed(envelope, $"JetStream refused it: {error.Description} (code {error.Code}, error code {error.ErrCode})", null);
        }

        if (ack.Duplicate)
        {
            EventsLog.PublishedDuplicate(logger, envelope.Id, envelope.Subject, ack.Seq);
        }
        else
        {
            EventsLog.Published(logger, envelope.Id, envelope.Subject, ack.Seq);
        }
    }

    private EventPublishException Failed(EventEnvelope envelope, string reason, Exception? inner)
    {
        var message = $"Event {envelope.Id} on {envelope.Subject} was not stored in stream {provider.StreamName}: {reason}. Publish it again with the same Id.";
        return inner is null ? new EventPublishException(message) : new EventPublishException(message, inner);
    }
}
