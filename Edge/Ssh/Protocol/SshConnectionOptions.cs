namespace EddCloud.Ssh.Protocol;

/// <summary>Settings both ends share: handshake timeouts, channel windows, re-keying and algorithm preferences.</summary>
public abstract class SshConnectionOptions
{
    /// <summary>Time allowed for the peer's version line to arrive.</summary>
    public TimeSpan VersionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for the first key exchange, counted after the version exchange.</summary>
    public TimeSpan KeyExchangeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time allowed for the whole user authentication, counted after the first key exchange.</summary>
    public TimeSpan AuthenticationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes each of our channels lets the peer send before it must wait for a window adjust.</summary>
    public uint ChannelWindowSize { get; set; } = 2 * 1024 * 1024;

    /// <summary>Largest data packet (bytes) our channels accept.</summary>
    public uint ChannelMaxPacketSize { get; set; } = 32 * 1024;

    /// <summary>
    /// Channels open at once on one connection; more are refused with "resource shortage". With the window this
    /// bounds what one connection can make us buffer: MaxChannels x ChannelWindowSize (64 MiB by default).
    /// </summary>
    public int MaxChannels { get; set; } = 32;

    /// <summary>Bytes (sent plus received) after which we start a new key exchange ourselves; 0 never.</summary>
    public long RekeyAfterBytes { get; set; } = 1L << 30;

    /// <summary>Ciphers in order of preference; a subset of <see cref="SshAlgorithms.DefaultCiphers"/>.</summary>
    public IReadOnlyList<string> Ciphers { get; set; } = SshAlgorithms.DefaultCiphers;

    /// <summary>MACs for the CTR ciphers in order of preference (GCM needs none).</summary>
    public IReadOnlyList<string> Macs { get; set; } = SshAlgorithms.DefaultMacs;

    /// <summary>The software part of our version line ("SSH-2.0-&lt;this&gt;").</summary>
    public string SoftwareVersion { get; set; } = "EddCloud_1.0";

    internal void Validate()
    {
        if (Ciphers.Count == 0 || Ciphers.Any(c => !SshAlgorithms.SupportedCiphers.Contains(c)))
            throw new ArgumentException($"Ciphers must be a non-empty subset of {string.Join(", ", SshAlgorithms.SupportedCiphers)}.");
        if (Macs.Any(m => !SshAlgorithms.SupportedMacs.Contains(m)))
            throw new ArgumentException($"Macs must be a subset of {string.Join(", ", SshAlgorithms.SupportedMacs)}.");
        if (ChannelMaxPacketSize is < 1024 or > 128 * 1024)
            throw new ArgumentException("ChannelMaxPacketSize must be between 1 KiB and 128 KiB.");
        if (ChannelWindowSize < ChannelMaxPacketSize)
            throw new ArgumentException("ChannelWindowSize must be at least ChannelMaxPacketSize.");
    }
}
