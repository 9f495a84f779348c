namespace EddCloud.Silo.Events;

/// <summary>JetStream did not acknowledge an event. The event was maybe not stored; publish it again (same Id) later.</summary>
public sealed class EventPublishException : Exception
{
    public EventPublishException()
    {
    }

    public EventPublishException(string message)
        : base(message)
    {
    }

    public EventPublishException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
