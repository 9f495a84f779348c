using NSec.Cryptography;

namespace EddCloud.Ssh.Protocol;

/// <summary>
/// An Ed25519 private key (RFC 8709): the server's host key, or the key a client logs in with. It is made from the
/// raw 32-byte seed, the form the container grain stores as its gateway key.
/// </summary>
public sealed class SshEd25519Key : IDisposable
{
    private readonly Key _key;

    private SshEd25519Key(Key key)
    {
        _key = key;
        var raw = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        PublicKeyBlob = new SshWriter(64).String(SshAlgorithms.Ed25519).String(raw).ToArray();
        PublicKeyLine = SshPublicKey.Ed25519Line(raw);
    }

    /// <summary>The public key in the SSH wire format (string "ssh-ed25519", string key).</summary>
    public byte[] PublicKeyBlob { get; }

    /// <summary>"ssh-ed25519 AAAA...", for known_hosts or authorized_keys.</summary>
    public string PublicKeyLine { get; }

    public static SshEd25519Key Generate() =>
        new(Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>Loads a raw 32-byte seed (NSec's <see cref="KeyBlobFormat.RawPrivateKey"/>).</summary>
    public static SshEd25519Key FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
            throw new ArgumentException($"An Ed25519 private key is a 32-byte seed; this one has {seed.Length} bytes.", nameof(seed));
        return new(Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
    }

    /// <summary>The raw 32-byte seed, to store the key.</summary>
    public byte[] ExportSeed() => _key.Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>An SSH signature blob (string "ssh-ed25519", string signature) over <paramref name="data"/>.</summary>
    internal byte[] Sign(ReadOnlySpan<byte> data) =>
        new SshWriter(96).String(SshAlgorithms.Ed25519).String(SignatureAlgorithm.Ed25519.Sign(_key, data)).ToArray();

    public void Dispose() => _key.Dispose();
}
