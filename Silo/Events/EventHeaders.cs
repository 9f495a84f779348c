using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using EddCloud.Grains.Events;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace EddCloud.Silo.Events;

/// <summary>How an <see cref="EventEnvelope"/> maps onto a NATS message: the body is the JSON data, the rest is headers.</summary>
internal static class EventHeaders
{
    /// <summary>JetStream's de-duplication header; carries <see cref="EventEnvelope.Id"/>.</summary>
    public const string MessageId = "Nats-Msg-Id";

    /// <summary>When the event happened, ISO 8601 round-trip format.</summary>
    public const string OccurredAt = "Edd-Occurred-At";

    public const string ContentType = "Content-Type";

    public static NatsHeaders Create(EventEnvelope envelope) => new()
    {
        [OccurredAt] = envelope.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
        [ContentType] = "application/json",
    };

    /// <summary>Rebuilds the envelope, or explains why the message is not one of ours.</summary>
    public static bool TryRead(INatsJSMsg<byte[]> message, [NotNullWhen(true)] out EventEnvelope? envelope, out string problem)
    {
        envelope = null;
        if (message.Headers is not { } headers
            || !headers.TryGetValue(MessageId, out var idValue)
            || !Guid.TryParse(idValue.ToString(), out var id))
        {
            problem = $"header {MessageId} is missing or not a GUID";
            return false;
        }

        if (!headers.TryGetValue(OccurredAt, out var occurredValue)
            || !DateTimeOffset.TryParseExact(occurredValue.ToString(), "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var occurredAt))
        {
            problem = $"header {OccurredAt} is missing or not an ISO 8601 time";
            return false;
        }

        envelope = new EventEnvelope(id, message.Subject, occurredAt, Encoding.UTF8.GetString(message.Data ?? []));
        problem = "";
        return true;
    }
}
