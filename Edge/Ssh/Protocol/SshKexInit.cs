using System.Security.Cryptography;

namespace EddCloud.Ssh.Protocol;

/// <summary>The name-lists of one SSH_MSG_KEXINIT (RFC 4253 §7.1); languages are ignored.</summary>
internal sealed record SshKexInit(
    string[] KeyExchange,
    string[] HostKey,
    string[] CiphersClientToServer,
    string[] CiphersServerToClient,
    string[] MacsClientToServer,
    string[] MacsServerToClient,
    string[] CompressionClientToServer,
    string[] CompressionServerToClient,
    bool FirstKexPacketFollows)
{
    public static SshKexInit Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        reader.Byte();
        reader.Bytes(16);
        var init = new SshKexInit(
            reader.NameList(), reader.NameList(), reader.NameList(), reader.NameList(),
            reader.NameList(), reader.NameList(), reader.NameList(), reader.NameList(), false);
        reader.NameList();
        reader.NameList();
        return init with { FirstKexPacketFollows = reader.Boolean() };
    }

    public byte[] ToPayload()
    {
        Span<byte> cookie = stackalloc byte[16];
        RandomNumberGenerator.Fill(cookie);
        return new SshWriter(SshMessageNumbers.KexInit, 512)
            .Raw(cookie)
            .NameList(KeyExchange).NameList(HostKey)
            .NameList(CiphersClientToServer).NameList(CiphersServerToClient)
            .NameList(MacsClientToServer).NameList(MacsServerToClient)
            .NameList(CompressionClientToServer).NameList(CompressionServerToClient)
            .NameList([]).NameList([])
            .Boolean(FirstKexPacketFollows)
            .UInt32(0)
            .ToArray();
    }
}
