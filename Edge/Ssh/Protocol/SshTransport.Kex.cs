using System.Security.Cryptography;

namespace EddCloud.Ssh.Protocol;

/// <summary>
/// Key exchange and re-exchange: curve25519-sha256 (RFC 8731), strict KEX (OpenSSH's Terrapin counter-measure:
/// KEXINIT first, nothing else during the first exchange, sequence numbers reset at every NEWKEYS), and ext-info
/// (RFC 8308) so clients learn that rsa-sha2-256/512 signatures are accepted.
/// </summary>
internal sealed partial class SshTransport
{
    private readonly Lock _kexGate = new();
    private byte[]? _localKexInit;
    private byte[]? _remoteKexInit;
    private SshNegotiated? _negotiated;
    private NSec.Cryptography.Key? _ephemeral;
    private bool _strict;
    private bool _ignoreNextKexPacket;
    private bool _sendExtInfo;

    // Set before NEWKEYS is queued, while our EXT_INFO waits behind it: until it is sent, other messages stay behind
    // the key-exchange gate, because a client takes EXT_INFO only right after NEWKEYS (RFC 8308 §2.4). Without this, a
    // SERVICE_ACCEPT could overtake it and OpenSSH then failed the login with "bad message during authentication: type 7".
    private volatile bool _extInfoPending;
    private byte[]? _sessionId;
    private SshPacketCipher? _pendingIn;
    private SshPacketCipher? _pendingOut;
    private bool _newKeysSent;
    private bool _newKeysReceived;
    private bool _kexRunning;
    private int _kexGeneration;

    /// <summary>The algorithms of the last key exchange (null before the first).</summary>
    public SshNegotiated? Negotiated { get; private set; }

    /// <summary>True when both ends use strict key exchange (kex-strict-*-v00@openssh.com).</summary>
    public bool IsStrict => _strict;

    /// <summary>Host key the server signs with; set by the server before Start.</summary>
    public SshEd25519Key? HostKey { get; init; }

    /// <summary>Client side: the trusted host key blobs (from OpenSSH lines).</summary>
    public IReadOnlyList<SshPublicKey> TrustedHostKeys { get; init; } = [];

    /// <summary>Starts a key exchange of our own unless one is already running.</summary>
    public void StartKeyExchange(bool initial = false)
    {
        byte[] payload;
        int generation;
        lock (_kexGate)
        {
            if (_kexRunning || IsClosed || (!initial && !_firstKex.Task.IsCompleted))
                return;
            _kexRunning = true;
            generation = ++_kexGeneration;
            payload = BuildKexInit(initial);
            _localKexInit = payload;
        }
        _kexQueue.Writer.TryWrite(payload);
        if (!initial)
        {
            LogRekeyStarted(_logger, Interlocked.Read(ref _bytesSinceKex));
            _ = WatchRekeyAsync(generation);
        }
    }

    /// <summary>Senders wait during a re-key, so one that never finishes (a stalled peer) must end the connection.</summary>
    private async Task WatchRekeyAsync(int generation)
    {
        try
        {
            await Task.Delay(_options.KeyExchangeTimeout, _abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (_kexGate)
        {
            if (!_kexRunning || _kexGeneration != generation)
                return;
        }
        var reason = new SshTimeoutException($"A re-key did not finish within {_options.KeyExchangeTimeout.TotalSeconds:0.#} s.");
        LogProtocolError(_logger, reason.Reason, reason.Message);
        Abort(reason);
    }

    private void CheckRekeyDue()
    {
        if (_options.RekeyAfterBytes > 0 && Interlocked.Read(ref _bytesSinceKex) > _options.RekeyAfterBytes && !Volatile.Read(ref _kexRunning))
            StartKeyExchange();
    }

    private byte[] BuildKexInit(bool initial)
    {
        string[] kex = initial
            ? [.. SshAlgorithms.KeyExchange, _isServer ? SshAlgorithms.StrictKexServer : SshAlgorithms.StrictKexClient]
            : SshAlgorithms.KeyExchange;
        string[] hostKeys = _isServer ? [SshAlgorithms.Ed25519] : [.. TrustedHostKeys.SelectMany(HostKeyAlgorithms).Distinct()];
        string[] ciphers = [.. _options.Ciphers];
        string[] macs = [.. _options.Macs];
        string[] none = [SshAlgorithms.NoCompression];
        return new SshKexInit(kex, hostKeys, ciphers, ciphers, macs, macs, none, none, false).ToPayload();
    }

    private static IEnumerable<string> HostKeyAlgorithms(SshPublicKey key) =>
        key.Type == SshAlgorithms.RsaKeyType ? [SshAlgorithms.RsaSha512, SshAlgorithms.RsaSha256] : [key.Type];

    private void OnKexInit(ReadOnlySpan<byte> payload, uint sequence)
    {
        if (_remoteKexInit is not null)
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "The peer sent KEXINIT twice in one key exchange.");
        var initial = _sessionId is null;
        _remoteKexInit = payload.ToArray();
        var remote = SshKexInit.Parse(payload);
        StartKeyExchange(initial);
        byte[] local;
        lock (_kexGate)
            local = _localKexInit!;
        var mine = SshKexInit.Parse(local);
        if (initial)
        {
            _strict = remote.KeyExchange.Contains(_isServer ? SshAlgorithms.StrictKexClient : SshAlgorithms.StrictKexServer);
            if (_strict && sequence != 0)
                throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "Strict key exchange: KEXINIT was not the peer's first packet.");
            _sendExtInfo = _isServer && remote.KeyExchange.Contains(SshAlgorithms.ExtInfoClient);
        }
        var (client, server) = _isServer ? (remote, mine) : (mine, remote);
        _negotiated = SshNegotiated.Choose(client, server);
        if (remote.FirstKexPacketFollows && (remote.KeyExchange[0] != _negotiated.KeyExchange || remote.HostKey[0] != _negotiated.HostKey))
            _ignoreNextKexPacket = true;
        if (!_isServer)
        {
            _ephemeral?.Dispose();
            _ephemeral = SshKeyExchange.CreateEphemeral();
            _kexQueue.Writer.TryWrite(new SshWriter(SshMessageNumbers.KexEcdhInit).String(SshKeyExchange.PublicOf(_ephemeral)).ToArray());
        }
    }

    private void OnEcdhInit(ReadOnlySpan<byte> payload)
    {
        if (_negotiated is null)
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "KEX_ECDH_INIT before KEXINIT.");
        var reader = new SshReader(payload[1..]);
        var clientPublic = reader.String();
        using var ephemeral = SshKeyExchange.CreateEphemeral();
        var serverPublic = SshKeyExchange.PublicOf(ephemeral);
        var secret = SshKeyExchange.Agree(ephemeral, clientPublic);
        var hostKey = HostKey!;
        var hash = SshKeyExchange.ExchangeHash(RemoteVersion, LocalVersion, _remoteKexInit!, LocalKexInit(),
            hostKey.PublicKeyBlob, clientPublic, serverPublic, secret);
        _kexQueue.Writer.TryWrite(new SshWriter(SshMessageNumbers.KexEcdhReply, 256)
            .String(hostKey.PublicKeyBlob).String(serverPublic).String(hostKey.Sign(hash)).ToArray());
        InstallKeys(secret, hash);
    }

    private void OnEcdhReply(ReadOnlySpan<byte> payload)
    {
        if (_negotiated is null || _ephemeral is null)
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "KEX_ECDH_REPLY before our KEX_ECDH_INIT.");
        var reader = new SshReader(payload[1..]);
        var hostKeyBlob = reader.String().ToArray();
        var serverPublic = reader.String();
        var signature = reader.String();
        if (!TrustedHostKeys.Any(k => Convert.FromBase64String(k.Base64).AsSpan().SequenceEqual(hostKeyBlob)))
        {
            var fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(hostKeyBlob)).TrimEnd('=');
            throw new SshHostKeyMismatchException(
                $"The server's host key {SshSignatures.KeyType(hostKeyBlob)} {fingerprint} is not one of the expected keys ({string.Join(", ", TrustedHostKeys.Select(k => k.Fingerprint))}); refusing to connect.");
        }
        var secret = SshKeyExchange.Agree(_ephemeral, serverPublic);
        var hash = SshKeyExchange.ExchangeHash(LocalVersion, RemoteVersion, LocalKexInit(), _remoteKexInit!,
            hostKeyBlob, SshKeyExchange.PublicOf(_ephemeral), serverPublic, secret);
        if (!SshSignatures.Verify(hostKeyBlob, _negotiated.HostKey, signature, hash))
            throw new SshHostKeyMismatchException("The server's signature of the key exchange does not verify with its host key; refusing to connect.");
        _ephemeral.Dispose();
        _ephemeral = null;
        InstallKeys(secret, hash);
    }

    private byte[] LocalKexInit()
    {
        lock (_kexGate)
            return _localKexInit!;
    }

    /// <summary>Derives both directions' keys (RFC 4253 §7.2) and queues NEWKEYS; the new keys apply after it.</summary>
    private void InstallKeys(byte[] secret, byte[] hash)
    {
        _sessionId ??= hash;
        var n = _negotiated!;
        Negotiated = n;
        SshPacketCipher Make(string cipher, string? mac, char iv, char key, char macKey) => SshPacketCipher.Create(cipher, mac,
            SshKeyExchange.Derive(secret, hash, iv, _sessionId, SshAlgorithms.IvLength(cipher)),
            SshKeyExchange.Derive(secret, hash, key, _sessionId, SshAlgorithms.KeyLength(cipher)),
            mac is null ? null : SshKeyExchange.Derive(secret, hash, macKey, _sessionId, SshAlgorithms.MacKeyLength(mac)));
        var clientToServer = Make(n.CipherClientToServer, n.MacClientToServer, 'A', 'C', 'E');
        var serverToClient = Make(n.CipherServerToClient, n.MacServerToClient, 'B', 'D', 'F');
        (_pendingOut, _pendingIn) = _isServer ? (serverToClient, clientToServer) : (clientToServer, serverToClient);
        // Pending before NEWKEYS is queued: the queue's writer may seal NEWKEYS at once on another thread, and finding
        // no EXT_INFO pending it would open the gate for a SERVICE_ACCEPT to overtake EXT_INFO (seen once under load).
        var extInfo = _sendExtInfo;
        if (extInfo)
        {
            _sendExtInfo = false;
            _extInfoPending = true;
        }
        _kexQueue.Writer.TryWrite([SshMessageNumbers.NewKeys]);
        if (extInfo)
        {
            _kexQueue.Writer.TryWrite(new SshWriter(SshMessageNumbers.ExtInfo, 128)
                .UInt32(1).String("server-sig-algs").String(string.Join(',', SshAlgorithms.UserSignatures)).ToArray());
        }
        LogKeyExchange(_logger, n.KeyExchange, n.HostKey, n.CipherClientToServer, n.MacClientToServer ?? "(aead)", _strict);
    }

    /// <summary>Under the send lock, right after NEWKEYS is sealed: later packets use the new keys.</summary>
    private void OnNewKeysSent()
    {
        var old = _outCipher;
        _outCipher = _pendingOut ?? throw new InvalidOperationException("NEWKEYS without new keys.");
        _pendingOut = null;
        old.Dispose();
        if (_strict)
            _outSeq = 0;
        lock (_kexGate)
        {
            _newKeysSent = true;
            FinishKexIfDone();
        }
        if (!_extInfoPending)
            OpenSendGate();
    }

    /// <summary>Under the send lock, right after our EXT_INFO is sealed: the messages waiting behind it may go.</summary>
    private void OnExtInfoSent()
    {
        _extInfoPending = false;
        OpenSendGate();
    }

    /// <summary>Under the send lock: our side of the key exchange is over, so every message may be sent again.</summary>
    private void OpenSendGate()
    {
        _outKexActive = false;
        lock (_kexGate)
        {
            var done = _outKexDone;
            _outKexDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            done.TrySetResult();
        }
    }

    private void OnNewKeys()
    {
        if (_pendingIn is null)
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "NEWKEYS before the key exchange was complete.");
        var old = _inCipher;
        _inCipher = _pendingIn;
        _pendingIn = null;
        old.Dispose();
        if (_strict)
            _inSeq = 0;
        lock (_kexGate)
        {
            _newKeysReceived = true;
            FinishKexIfDone();
        }
    }

    private void FinishKexIfDone()
    {
        if (!_newKeysSent || !_newKeysReceived)
            return;
        _newKeysSent = _newKeysReceived = false;
        _localKexInit = null;
        _remoteKexInit = null;
        _negotiated = null;
        _kexRunning = false;
        Interlocked.Exchange(ref _bytesSinceKex, 0);
        _firstKex.TrySetResult();
    }
}
