namespace EddCloud.Ssh.Protocol;

/// <summary>The algorithms both sides agreed on for one key exchange.</summary>
internal sealed record SshNegotiated(
    string KeyExchange,
    string HostKey,
    string CipherClientToServer,
    string CipherServerToClient,
    string? MacClientToServer,
    string? MacServerToClient)
{
    public static SshNegotiated Choose(SshKexInit client, SshKexInit server)
    {
        var kex = Pick("key exchange", client.KeyExchange, server.KeyExchange);
        var hostKey = Pick("host key", client.HostKey, server.HostKey);
        var c2s = Pick("cipher (client to server)", client.CiphersClientToServer, server.CiphersClientToServer);
        var s2c = Pick("cipher (server to client)", client.CiphersServerToClient, server.CiphersServerToClient);
        // An AEAD cipher carries its own tag: the MAC list is not negotiated then (as OpenSSH does).
        var macC2s = SshAlgorithms.IsAead(c2s) ? null : Pick("MAC (client to server)", client.MacsClientToServer, server.MacsClientToServer);
        var macS2c = SshAlgorithms.IsAead(s2c) ? null : Pick("MAC (server to client)", client.MacsServerToClient, server.MacsServerToClient);
        Pick("compression (client to server)", client.CompressionClientToServer, server.CompressionClientToServer);
        Pick("compression (server to client)", client.CompressionServerToClient, server.CompressionServerToClient);
        return new SshNegotiated(kex, hostKey, c2s, s2c, macC2s, macS2c);
    }

    private static string Pick(string what, string[] client, string[] server) =>
        SshAlgorithms.Choose(client, server)
        ?? throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed,
            $"No common {what} algorithm: the client offers {string.Join(',', client)}; the server offers {string.Join(',', server)}.");
}
