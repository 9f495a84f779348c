namespace EddCloud.Ssh.Protocol;

/// <summary>
/// A channel request from the peer (RFC 4254 §6): its name, whether it wants an answer, and its type-specific
/// data, which a bridge forwards unchanged. The Get* helpers read the data of the common requests.
/// </summary>
public sealed class SshChannelRequest(string name, bool wantReply, byte[] payload)
{
    public string Name { get; } = name;

    public bool WantReply { get; } = wantReply;

    /// <summary>The bytes after want-reply, as sent.</summary>
    public ReadOnlyMemory<byte> Payload { get; } = payload;

    /// <summary>"exec": the command line.</summary>
    public string GetCommand() => Read((ref SshReader r) => r.Utf8());

    /// <summary>"subsystem": its name (e.g. "sftp").</summary>
    public string GetSubsystem() => Read((ref SshReader r) => r.Utf8(256));

    /// <summary>"exit-status": the exit code.</summary>
    public uint GetExitStatus() => Read((ref SshReader r) => r.UInt32());

    /// <summary>"signal" (and the signal name of "exit-signal"): the name without "SIG".</summary>
    public string GetSignal() => Read((ref SshReader r) => r.Utf8(64));

    /// <summary>"env": name and value.</summary>
    public (string Name, string Value) GetEnvironment() => Read((ref SshReader r) => (r.Utf8(1024), r.Utf8()));

    /// <summary>"window-change": columns and rows (pixels ignored).</summary>
    public (uint Columns, uint Rows) GetWindowChange() => Read((ref SshReader r) => (r.UInt32(), r.UInt32()));

    /// <summary>"pty-req".</summary>
    public SshPtyRequest GetPty() => Read((ref SshReader r) => new SshPtyRequest(r.Utf8(256), r.UInt32(), r.UInt32(), r.UInt32(), r.UInt32(), r.String().ToArray()));

    private delegate T ReadFunc<T>(ref SshReader reader);

    private T Read<T>(ReadFunc<T> read)
    {
        var reader = new SshReader(Payload.Span);
        return read(ref reader);
    }

    public override string ToString() => $"{Name} (want reply: {WantReply})";
}
