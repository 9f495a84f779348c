using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EddCloud.Ssh.Protocol;

/// <summary>
/// The client end: <see cref="ConnectAsync"/> checks the server's host key against the expected ones and logs in
/// with an Ed25519 key; then the caller opens channels.
/// </summary>
public sealed class SshClientConnection : SshConnection
{
    private SshClientConnection(SshTransport transport, SshClientOptions options, ILogger logger) : base(transport, options, logger) { }

    private protected override bool AcceptsChannels => false;

    /// <summary>Runs the handshake and authentication on <paramref name="stream"/>; the connection owns the stream from here on.</summary>
    public static async Task<SshClientConnection> ConnectAsync(Stream stream, SshClientOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;
        List<SshPublicKey> trusted;
        try
        {
            trusted = [.. options.HostKeys.Select(SshPublicKey.Parse)];
        }
        catch (SshKeyFormatException e)
        {
            throw new ArgumentException("An expected host key is not a valid OpenSSH public key line: " + e.Message, nameof(options), e);
        }
        if (trusted.Count == 0)
            throw new ArgumentException("Give at least one expected host key (an OpenSSH public key line).", nameof(options));
        var transport = new SshTransport(stream, isServer: false, options, logger) { TrustedHostKeys = trusted };
        var connection = new SshClientConnection(transport, options, logger);
        try
        {
            await connection.HandshakeAsync(cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.AuthenticationTimeout);
            try
            {
                await connection.AuthenticateAsync(options, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SshTimeoutException($"The server did not finish authentication within {options.AuthenticationTimeout.TotalSeconds:0.#} s.");
            }
            LogClientLoggedIn(logger, connection.RemoteVersion, options.Username);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task AuthenticateAsync(SshClientOptions options, CancellationToken cancellationToken)
    {
        await Transport.SendAsync(new SshWriter(SshMessageNumbers.ServiceRequest).String("ssh-userauth").ToArray(), cancellationToken).ConfigureAwait(false);
        var banner = new StringBuilder();
        while (true)
        {
            var message = await ReadAuthMessageAsync(cancellationToken).ConfigureAwait(false);
            if (message[0] == SshMessageNumbers.ServiceAccept)
                break;
            if (message[0] != SshMessageNumbers.UserAuthBanner)
                throw new SshProtocolException($"Expected the server to accept the ssh-userauth service, got message {message[0]}.");
            banner.Append(new SshReader(message.AsSpan(1)).Utf8());
        }

        var key = options.UserKey;
        var signed = SshServerConnection.SignedData(Transport.SessionId, options.Username, SshAlgorithms.Ed25519, key.PublicKeyBlob);
        await Transport.SendAsync(new SshWriter(SshMessageNumbers.UserAuthRequest, 256)
            .String(options.Username).String("ssh-connection").String("publickey").Boolean(true)
            .String(SshAlgorithms.Ed25519).String(key.PublicKeyBlob).String(key.Sign(signed)).ToArray(), cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var message = await ReadAuthMessageAsync(cancellationToken).ConfigureAwait(false);
            switch (message[0])
            {
                case SshMessageNumbers.UserAuthSuccess:
                    return;
                case SshMessageNumbers.UserAuthBanner:
                    banner.Append(new SshReader(message.AsSpan(1)).Utf8());
                    break;
                case SshMessageNumbers.UserAuthFailure:
                    var methods = new SshReader(message.AsSpan(1)).Utf8(1024);
                    var text = banner.Length > 0 ? $" The server said: {banner.ToString().Trim()}" : "";
                    throw new SshAuthenticationException(
                        $"The server refused user '{options.Username}' with the key {key.PublicKeyLine} (it accepts: {methods}).{text}",
                        banner.Length > 0 ? banner.ToString() : null);
                default:
                    throw new SshProtocolException($"Unexpected message {message[0]} during user authentication.");
            }
        }
    }
}
