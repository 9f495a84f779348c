using Microsoft.Extensions.Logging;

namespace EddCloud.Silo.Events;

/// <summary>Every log line of the event bus; event ids 7000-7099 belong to Events.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Connected to NATS at {Url}")]
    public static partial void Connected(ILogger logger, string url);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Information, Message = "JetStream stream {Stream} ready for {Subjects}, max age {MaxAge}")]
    public static partial void StreamReady(ILogger logger, string stream, string subjects, TimeSpan maxAge);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Debug, Message = "Published event {EventId} to {Subject} as stream sequence {Sequence}")]
    public static partial void Published(ILogger logger, Guid eventId, string subject, ulong sequence);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Debug, Message = "Event {EventId} on {Subject} was already stored as stream sequence {Sequence}")]
    public static partial void PublishedDuplicate(ILogger logger, Guid eventId, string subject, ulong sequence);

    [LoggerMessage(EventId = 7040, Level = LogLevel.Information, Message = "Consumer {Consumer} consuming {FilterSubject}")]
    public static partial void ConsumerStarted(ILogger logger, string consumer, string filterSubject);

    [LoggerMessage(EventId = 7041, Level = LogLevel.Warning, Message = "Consumer {Consumer} stopped consuming (failure {Failures}); resuming in {Delay}")]
    public static partial void ConsumerFailed(ILogger logger, Exception? exception, string consumer, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 7042, Level = LogLevel.Warning, Message = "Handler {Consumer} failed on event {EventId} ({Subject}, delivery {Delivery}); redelivering in {Delay}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string consumer, Guid eventId, string subject, ulong delivery, TimeSpan delay);

    [LoggerMessage(EventId = 7043, Level = LogLevel.Error, Message = "Handler {Consumer} failed on event {EventId} ({Subject}) on its last delivery {Delivery}; the event will not be redelivered to this consumer")]
    public static partial void HandlerGaveUp(ILogger logger, Exception exception, string consumer, Guid eventId, string subject, ulong delivery);

    [LoggerMessage(EventId = 7044, Level = LogLevel.Error, Message = "Consumer {Consumer} dropped message {Sequence} on {Subject}: {Problem}")]
    public static partial void MessageMalformed(ILogger logger, string consumer, ulong sequence, string subject, string problem);

    [LoggerMessage(EventId = 7045, Level = LogLevel.Information, Message = "Consumer {Consumer} pulling again after the NATS connection re-opened")]
    public static partial void ConsumerResubscribing(ILogger logger, string consumer);

    [LoggerMessage(EventId = 7046, Level = LogLevel.Warning, Message = "Consumer {Consumer} could not {Reply} event {EventId}; JetStream redelivers it after the ack wait")]
    public static partial void ReplyFailed(ILogger logger, Exception exception, string consumer, string reply, Guid eventId);
}
