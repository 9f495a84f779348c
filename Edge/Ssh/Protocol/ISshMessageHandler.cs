namespace EddCloud.Ssh.Protocol;

/// <summary>The layer above the transport. Called on the read loop: it must never block or await.</summary>
internal interface ISshMessageHandler
{
    /// <summary>A message that is not a transport message; the span is valid only during the call. False when its number is unknown.</summary>
    bool OnMessage(ReadOnlySpan<byte> payload);

    /// <summary>The transport is closed; <paramref name="reason"/> says why.</summary>
    void OnClosed(SshException reason);
}
