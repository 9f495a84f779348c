namespace EddCloud.Silo.Events;

/// <summary>Where the event bus (NATS JetStream) runs and how long it keeps events.</summary>
public sealed class NatsOptions
{
    public const string Section = "Nats";

    /// <summary>External NATS server, e.g. <c>nats://host:4222</c>. Empty: the silo starts and supervises a local nats-server.</summary>
    public string? Url { get; set; }

    /// <summary>The nats-server executable for the local server: a name looked up on PATH (and /usr/sbin, /usr/bin) or a full path.</summary>
    public string ServerPath { get; set; } = "nats-server";

    /// <summary>TCP port of the local server on 127.0.0.1; 0 picks a free port once per silo start.</summary>
    public int Port { get; set; }

    /// <summary>JetStream stream holding every <c>edd.&gt;</c> subject.</summary>
    public string StreamName { get; set; } = "EDD";

    /// <summary>How long the stream keeps an event (a time span, e.g. <c>30.00:00:00</c>).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);
}
