using System.Security.Cryptography;
using EddCloud.Grains.Users;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Users.Tokens;

/// <summary>
/// This silo's ES256 signing key. The private key lives only in &lt;data&gt;/keys (mode 0600) and
/// never leaves the process; its public half is published to <see cref="IJwksGrain"/>. A new key
/// is made every <see cref="AuthOptions.KeyRotation"/>; the old public key stays published until
/// the last token it signed expires, so rotation logs nobody out.
/// </summary>
public sealed partial class SigningKeyStore(
    IOptions<EddOptions> edd,
    IOptions<AuthOptions> auth,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<SigningKeyStore> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private CurrentKey? _current;

    private string KeyDirectory => Path.Combine(Path.GetFullPath(edd.Value.DataDirectory), "keys");

    /// <summary>The key to sign with now, rotating it first when it is due.</summary>
    public async Task<(string KeyId, ECDsa Key)> GetSigningKeyAsync()
    {
        var current = _current;
        if (current is null || time.GetUtcNow() - current.CreatedAt >= auth.Value.KeyRotation)
            current = await RotateIfDueAsync();
        return (current.KeyId, current.Key);
    }

    /// <summary>Loads or creates the key and publishes its public half; called at start-up and when rotation is due.</summary>
    public async Task<CurrentKey> RotateIfDueAsync()
    {
        CurrentKey key;
        lock (_gate)
        {
            key = LoadNewest() is { } loaded && time.GetUtcNow() - loaded.CreatedAt < auth.Value.KeyRotation
                ? loaded
                : Create();
            if (_current?.KeyId != key.KeyId)
            {
                var previous = _current;
                _current = key;
                previous?.Key.Dispose();
                DeleteOlderThan(key);
            }
            key = _current;
        }
        await PublishAsync(key);
        return key;
    }

    private async Task PublishAsync(CurrentKey key)
    {
        var parameters = key.Key.ExportParameters(includePrivateParameters: false);
        // Tokens signed just before the next rotation live one lifetime past it.
        var notAfter = key.CreatedAt + auth.Value.KeyRotation + auth.Value.TokenLifetime + TimeSpan.FromMinutes(5);
        var published = new PublicSigningKey(key.KeyId, Base64UrlEncode(parameters.Q.X!), Base64UrlEncode(parameters.Q.Y!), notAfter);
        // At start this is the silo's first grain call: right after a whole-cluster restart it can meet a silo's
        // old membership entry, which fails the call until the entry is superseded. Publishing again is harmless.
        await Hosting.TransientGrainCalls.RetryAsync(() => grains.GetGrain<IJwksGrain>(IJwksGrain.Key).PublishAsync(published), CancellationToken.None);
    }

    private CurrentKey? LoadNewest()
    {
        if (!Directory.Exists(KeyDirectory))
            return null;
        var newest = Directory.GetFiles(KeyDirectory, "jwt-*.pem").Select(path => new FileInfo(path))
            .OrderByDescending(f => f.Name, StringComparer.Ordinal).FirstOrDefault();
        if (newest is null)
            return null;
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(newest.FullName));
        return new CurrentKey(KeyIdOf(newest.Name), ecdsa, new DateTimeOffset(newest.LastWriteTimeUtc, TimeSpan.Zero));
    }

    private CurrentKey Create()
    {
        Directory.CreateDirectory(KeyDirectory);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(KeyDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var now = time.GetUtcNow();
        // The time prefix makes "newest" a name sort; the random part keeps ids unique across silos.
        var keyId = $"{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(KeyDirectory, $"jwt-{keyId}.pem");
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(ecdsa.ExportPkcs8PrivateKeyPem());
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path);
        File.SetLastWriteTimeUtc(path, now.UtcDateTime);
        LogKeyCreated(logger, keyId);
        return new CurrentKey(keyId, ecdsa, now);
    }

    private void DeleteOlderThan(CurrentKey key)
    {
        foreach (var path in Directory.GetFiles(KeyDirectory, "jwt-*.pem"))
        {
            if (string.CompareOrdinal(KeyIdOf(Path.GetFileName(path)), key.KeyId) < 0)
                File.Delete(path);
        }
    }

    private static string KeyIdOf(string fileName) => fileName["jwt-".Length..^".pem".Length];

    internal static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _current?.Key.Dispose();

    public sealed record CurrentKey(string KeyId, ECDsa Key, DateTimeOffset CreatedAt);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Created token-signing key {KeyId}")]
    private static partial void LogKeyCreated(ILogger logger, string keyId);
}
