using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EddCloud.Ssh.Protocol;

/// <summary>
/// The server end: <see cref="AcceptAsync"/> runs version exchange, key exchange and publickey authentication
/// (RFC 4252 §7) against the host's policy, then the caller takes channels with <see cref="SshConnection.AcceptChannelAsync"/>.
/// </summary>
public sealed class SshServerConnection : SshConnection
{
    private readonly SshServerOptions _server;

    private SshServerConnection(SshTransport transport, SshServerOptions options, ILogger logger) : base(transport, options, logger)
    {
        _server = options;
    }

    private protected override bool AcceptsChannels => true;

    public string Username { get; private set; } = "";

    /// <summary>The key the user logged in with.</summary>
    public SshPublicKey? PublicKey { get; private set; }

    /// <summary>What the policy put in <see cref="SshAuthDecision.Context"/> when it accepted.</summary>
    public object? AuthContext { get; private set; }

    /// <summary>Runs the handshake and authentication on <paramref name="stream"/>; the connection owns the stream from here on.</summary>
    public static async Task<SshServerConnection> AcceptAsync(Stream stream, SshServerOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;
        var transport = new SshTransport(stream, isServer: true, options, logger) { HostKey = options.HostKey };
        var connection = new SshServerConnection(transport, options, logger);
        try
        {
            await connection.HandshakeAsync(cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.AuthenticationTimeout);
            try
            {
                await connection.AuthenticateAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await connection.DisconnectAsync(SshDisconnectReason.ByApplication,
                    $"Authentication timed out after {options.AuthenticationTimeout.TotalSeconds:0.#} s; connect again.").ConfigureAwait(false);
                throw new SshTimeoutException($"The user did not authenticate within {options.AuthenticationTimeout.TotalSeconds:0.#} s.");
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task AuthenticateAsync(CancellationToken cancellationToken)
    {
        var first = await ReadAuthMessageAsync(cancellationToken).ConfigureAwait(false);
        var service = first[0] == SshMessageNumbers.ServiceRequest ? new SshReader(first.AsSpan(1)).Utf8(64) : null;
        if (service != "ssh-userauth")
            await RefuseAsync(SshDisconnectReason.ServiceNotAvailable, $"Expected the ssh-userauth service request, got message {first[0]} {service}.").ConfigureAwait(false);
        await Transport.SendAsync(new SshWriter(SshMessageNumbers.ServiceAccept).String("ssh-userauth").ToArray(), cancellationToken).ConfigureAwait(false);

        var failures = 0;
        var decisions = new Dictionary<(string, string), SshAuthDecision>();
        var bannersSent = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var message = await ReadAuthMessageAsync(cancellationToken).ConfigureAwait(false);
            if (message[0] != SshMessageNumbers.UserAuthRequest)
                await RefuseAsync(SshDisconnectReason.ProtocolError, $"Expected a user authentication request, got message {message[0]}.").ConfigureAwait(false);
            var request = ParseRequest(message);
            if (request.Service != "ssh-connection")
                await RefuseAsync(SshDisconnectReason.ServiceNotAvailable, $"Service '{request.Service}' is not available.").ConfigureAwait(false);
            if (request.Method != "publickey")
            {
                // "none" is how a client asks which methods exist; it is not counted as an attempt.
                if (request.Method != "none")
                    failures++;
            }
            else
            {
                var outcome = await CheckPublicKeyAsync(request, decisions, bannersSent, cancellationToken).ConfigureAwait(false);
                if (outcome == KeyOutcome.Success)
                    return;
                if (outcome == KeyOutcome.PkOk)
                    continue;
                failures++;
            }
            if (failures >= _server.MaxAuthAttempts)
                await RefuseAsync(SshDisconnectReason.NoMoreAuthMethodsAvailable, "Too many authentication failures.").ConfigureAwait(false);
            await Transport.SendAsync(new SshWriter(SshMessageNumbers.UserAuthFailure).NameList(["publickey"]).Boolean(false).ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }

    private enum KeyOutcome { Refused, PkOk, Success }

    private async Task<KeyOutcome> CheckPublicKeyAsync(AuthRequest request, Dictionary<(string, string), SshAuthDecision> decisions,
        HashSet<string> bannersSent, CancellationToken cancellationToken)
    {
        var keyType = SshSignatures.KeyTypeOf(request.Algorithm);
        if (keyType is null || SshSignatures.KeyType(request.KeyBlob) != keyType)
        {
            LogAuthRefused(Logger, request.User, $"signature algorithm '{request.Algorithm}' is not accepted");
            return KeyOutcome.Refused;
        }
        SshPublicKey key;
        try
        {
            key = SshPublicKey.Parse($"{keyType} {Convert.ToBase64String(request.KeyBlob)}");
        }
        catch (SshKeyFormatException e)
        {
            LogAuthRefused(Logger, request.User, e.Message);
            return KeyOutcome.Refused;
        }
        if (!decisions.TryGetValue((request.User, key.Base64), out var decision))
        {
            try
            {
                decision = await _server.Authenticate(new SshAuthRequest(request.User, key), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPolicyFailed(Logger, e, request.User);
                decision = SshAuthDecision.Reject();
            }
            decisions[(request.User, key.Base64)] = decision;
        }
        if (decision.Banner is { Length: > 0 } banner && bannersSent.Add(banner))
        {
            await Transport.SendAsync(new SshWriter(SshMessageNumbers.UserAuthBanner).String(banner.EndsWith('\n') ? banner : banner + "\n").String("").ToArray(),
                cancellationToken).ConfigureAwait(false);
        }
        if (!decision.Accepted)
        {
            LogAuthRefused(Logger, request.User, $"the policy refused {key.Type} key {key.Fingerprint}");
            if (decision.DisconnectMessage is { } goodbye)
                await RefuseAsync(SshDisconnectReason.NoMoreAuthMethodsAvailable, goodbye).ConfigureAwait(false);
            return KeyOutcome.Refused;
        }
        if (request.Signature is null)
        {
            await Transport.SendAsync(new SshWriter(SshMessageNumbers.UserAuthPkOk, 64 + request.KeyBlob.Length)
                .String(request.Algorithm).String(request.KeyBlob).ToArray(), cancellationToken).ConfigureAwait(false);
            return KeyOutcome.PkOk;
        }
        var signed = SignedData(Transport.SessionId, request.User, request.Algorithm, request.KeyBlob);
        if (!SshSignatures.Verify(request.KeyBlob, request.Algorithm, request.Signature, signed))
        {
            LogAuthRefused(Logger, request.User, $"the signature of {key.Type} key {key.Fingerprint} does not verify");
            return KeyOutcome.Refused;
        }
        (Username, PublicKey, AuthContext) = (request.User, key, decision.Context);
        MarkAuthenticated();
        await Transport.SendAsync(new[] { SshMessageNumbers.UserAuthSuccess }, cancellationToken).ConfigureAwait(false);
        LogAuthAccepted(Logger, request.User, key.Type, key.Fingerprint);
        return KeyOutcome.Success;
    }

    /// <summary>What a publickey signature covers (RFC 4252 §7).</summary>
    internal static byte[] SignedData(byte[] sessionId, string user, string algorithm, ReadOnlySpan<byte> keyBlob) =>
        new SshWriter(256 + keyBlob.Length)
            .String(sessionId).Byte(SshMessageNumbers.UserAuthRequest).String(user).String("ssh-connection").String("publickey")
            .Boolean(true).String(algorithm).String(keyBlob).ToArray();

    private sealed record AuthRequest(string User, string Service, string Method, string Algorithm, byte[] KeyBlob, byte[]? Signature);

    private static AuthRequest ParseRequest(byte[] message)
    {
        var reader = new SshReader(message.AsSpan(1));
        var user = reader.Utf8(256);
        var service = reader.Utf8(64);
        var method = reader.Utf8(64);
        if (method != "publickey")
            return new AuthRequest(user, service, method, "", [], null);
        var hasSignature = reader.Boolean();
        var algorithm = reader.Utf8(64);
        var blob = reader.String().ToArray();
        var signature = hasSignature ? reader.String().ToArray() : null;
        return new AuthRequest(user, service, method, algorithm, blob, signature);
    }

    private async Task RefuseAsync(SshDisconnectReason reason, string description)
    {
        LogAuthRefused(Logger, Username, description);
        await DisconnectAsync(reason, description).ConfigureAwait(false);
        throw new SshAuthenticationException(description);
    }
}
