using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EddCloud.Edge.Routing;
using EddCloud.Grains.Compute;
using Microsoft.Extensions.Options;

namespace EddCloud.Edge.Tls;

/// <summary>
/// The certificate the edge serves: the operator's PEM files, or one issued by a local certificate authority made on
/// first start (its ca.pem is what users trust). Either way the files are checked for changes every few seconds and
/// on file-system events, and a new certificate is served from the next TLS handshake on, without a restart.
/// </summary>
public sealed partial class EdgeCertificates : IHostedService, IDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);
    private readonly EdgeOptions _options;
    private readonly string _appsDomain;
    private readonly ILogger<EdgeCertificates> _logger;
    private readonly TimeProvider _time;
    private readonly string _certificatePath;
    private readonly string _keyPath;
    private FileSystemWatcher? _watcher;
    private ITimer? _timer;
    private readonly RouteTableSubscription _routes;
    private readonly SemaphoreSlim _checking = new(1, 1);
    private readonly ConcurrentDictionary<string, X509Certificate2> _routeCertificates = new(StringComparer.OrdinalIgnoreCase);
    private volatile X509Certificate2? _current;
    private volatile FrozenSet<string> _currentNames = FrozenSet<string>.Empty;
    private X509Certificate2? _authority;
    private DateTime _loadedStamp;

    public EdgeCertificates(IOptions<EdgeOptions> options, IOptions<ComputeOptions> compute, IConfiguration configuration, RouteTableSubscription routes, TimeProvider time, ILogger<EdgeCertificates> logger)
    {
        _routes = routes;
        _options = options.Value;
        _appsDomain = compute.Value.AppsDomain;
        _logger = logger;
        _time = time;
        Directory = Path.Combine(Path.GetFullPath(configuration["DataDirectory"] ?? "./data"), "edge", "tls");
        _certificatePath = string.IsNullOrEmpty(_options.CertificatePath) ? Path.Combine(Directory, "cert.pem") : Path.GetFullPath(_options.CertificatePath);
        _keyPath = string.IsNullOrEmpty(_options.CertificateKeyPath) ? Path.Combine(Directory, "cert.key.pem") : Path.GetFullPath(_options.CertificateKeyPath);
    }

    /// <summary>Where the local certificate authority and its certificate live.</summary>
    public string Directory { get; }

    /// <summary>The local certificate authority users trust (null when the operator's certificate is used).</summary>
    public string? AuthorityPath => UsesLocalAuthority ? Path.Combine(Directory, "ca.pem") : null;

    public X509Certificate2 Current => _current ?? throw new InvalidOperationException("The edge's certificate is not loaded yet.");

    /// <summary>
    /// The certificate for a TLS handshake naming <paramref name="serverName"/>: the main one, or with the local
    /// authority, one issued on the spot (and kept in memory) for a static route's host the main one does not cover.
    /// Unknown names get the main certificate, so strangers cannot make the edge sign whatever they like.
    /// </summary>
    public X509Certificate2 Select(string? serverName)
    {
        var current = Current;
        if (!UsesLocalAuthority || string.IsNullOrEmpty(serverName) || LocalAuthority.Covers(_currentNames, serverName)
            || !_routes.Table.HasHost(serverName))
        {
            return current;
        }

        if (_routeCertificates.TryGetValue(serverName, out var issued) && issued.NotAfter.ToUniversalTime() - RenewBefore > _time.GetUtcNow().UtcDateTime)
            return issued;
        if (_routeCertificates.Count >= MaxRouteCertificates)
            _routeCertificates.Clear();
        _authority ??= LocalAuthority.Load(Directory);
        issued = LocalAuthority.IssueInMemory(_authority, serverName.ToLowerInvariant(), _time.GetUtcNow());
        _routeCertificates[serverName] = issued;
        return issued;
    }

    private const int MaxRouteCertificates = 1000;

    private bool UsesLocalAuthority => string.IsNullOrEmpty(_options.CertificatePath);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (UsesLocalAuthority)
            LocalAuthority.EnsureIssued(Directory, Names(), _time.GetUtcNow(), RenewBefore);
        Load();
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_certificatePath)!) { EnableRaisingEvents = true, IncludeSubdirectories = false };
        _watcher.Changed += (_, _) => Check();
        _watcher.Created += (_, _) => Check();
        _watcher.Renamed += (_, _) => Check();
        // Events can be missed (editors, bind mounts, Kubernetes secrets swap symlinks): a timer checks as well.
        _timer = _time.CreateTimer(_ => Check(), null, CheckInterval, CheckInterval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _timer?.Dispose();
        _checking.Dispose();
    }

    /// <summary>The names the local certificate covers: the dashboard host, its subdomains, the apps domain's, and loopback.</summary>
    internal IReadOnlyList<string> Names() =>
        new[] { _options.Domain, "*." + _options.Domain, _appsDomain, "*." + _appsDomain, "localhost" }
            .Select(name => name.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();

    private void Check()
    {
        // File-system events and the timer both call this; one check at a time, or two could issue at once.
        if (!_checking.Wait(0))
            return;
        try
        {
            if (UsesLocalAuthority)
                LocalAuthority.EnsureIssued(Directory, Names(), _time.GetUtcNow(), RenewBefore);
            if (Stamp() != _loadedStamp)
                Load();
        }
        catch (Exception exception) when (exception is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            // Half-written files, usually: the current certificate stays until the new one reads cleanly.
            LogReloadFailed(_logger, _certificatePath, exception);
        }
        finally
        {
            _checking.Release();
        }
    }

    private DateTime Stamp() => new[] { File.GetLastWriteTimeUtc(_certificatePath), File.GetLastWriteTimeUtc(_keyPath) }.Max();

    private void Load()
    {
        var stamp = Stamp();
        var certificate = X509Certificate2.CreateFromPemFile(_certificatePath, _keyPath);
        if (!certificate.HasPrivateKey)
            throw new CryptographicException($"{_keyPath} does not hold the private key of {_certificatePath}.");
        // The previous one is not disposed: handshakes under way may still hold it.
        _currentNames = LocalAuthority.DnsNames(certificate);
        _current = certificate;
        _loadedStamp = stamp;
        LogLoaded(_logger, _certificatePath, certificate.Subject, certificate.NotAfter, certificate.Thumbprint);
    }

    [LoggerMessage(EventId = 9200, Level = LogLevel.Information, Message = "Serving the certificate {Path} ({Subject}, valid until {NotAfter:O}, thumbprint {Thumbprint})")]
    private static partial void LogLoaded(ILogger logger, string path, string subject, DateTime notAfter, string thumbprint);

    [LoggerMessage(EventId = 9201, Level = LogLevel.Warning, Message = "Could not read the certificate {Path}; the previous one is still served")]
    private static partial void LogReloadFailed(ILogger logger, string path, Exception exception);
}

/// <summary>A certificate authority of this installation's own, and the certificate it issues for the edge.</summary>
internal static class LocalAuthority
{
    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(825);

    /// <summary>Makes the authority when there is none, and a certificate when there is none, when it expires soon or when it does not cover <paramref name="names"/>.</summary>
    public static void EnsureIssued(string directory, IReadOnlyList<string> names, DateTimeOffset now, TimeSpan renewBefore)
    {
        System.IO.Directory.CreateDirectory(directory);
        var caPath = Path.Combine(directory, "ca.pem");
        var caKeyPath = Path.Combine(directory, "ca.key.pem");
        if (!File.Exists(caPath) || !File.Exists(caKeyPath))
            CreateAuthority(caPath, caKeyPath, now);

        var certificatePath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "cert.key.pem");
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            using var existing = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
            if (existing.NotAfter.ToUniversalTime() - renewBefore > now.UtcDateTime && Covers(existing, names))
                return;
        }

        using var authority = X509Certificate2.CreateFromPemFile(caPath, caKeyPath);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = Issue(authority, key, names, now);
        // Key first: a reader that sees the new certificate must find its key.
        WriteAtomically(keyPath, key.ExportPkcs8PrivateKeyPem(), secret: true);
        WriteAtomically(certificatePath, issued.ExportCertificatePem() + "\n" + authority.ExportCertificatePem() + "\n", secret: false);
    }

    /// <summary>The authority with its key, for issuing certificates in memory.</summary>
    public static X509Certificate2 Load(string directory) =>
        X509Certificate2.CreateFromPemFile(Path.Combine(directory, "ca.pem"), Path.Combine(directory, "ca.key.pem"));

    /// <summary>A certificate for one more host, with its private key, never written to disk.</summary>
    public static X509Certificate2 IssueInMemory(X509Certificate2 authority, string name, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = Issue(authority, key, [name], now);
        return issued.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, ECDsa key, IReadOnlyList<string> names, DateTimeOffset now)
    {
        var request = new CertificateRequest($"CN={names[0]}, O=EddCloud", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
            san.AddDnsName(name);
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var notAfter = now + CertificateLifetime < authority.NotAfter ? now + CertificateLifetime : new DateTimeOffset(authority.NotAfter);
        return request.Create(authority, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
    }

    private static void CreateAuthority(string caPath, string caKeyPath, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=EddCloud local authority {Environment.MachineName}, O=EddCloud", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var authority = request.CreateSelfSigned(now.AddMinutes(-5), now + AuthorityLifetime);
        WriteAtomically(caKeyPath, key.ExportPkcs8PrivateKeyPem(), secret: true);
        WriteAtomically(caPath, authority.ExportCertificatePem() + "\n", secret: false);
    }

    private static bool Covers(X509Certificate2 certificate, IReadOnlyList<string> names)
    {
        var present = DnsNames(certificate);
        return names.All(present.Contains);
    }

    /// <summary>The DNS names in the certificate's subject alternative names (wildcards as written, "*.example.org").</summary>
    public static FrozenSet<string> DnsNames(X509Certificate2 certificate) =>
        (certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault()?.EnumerateDnsNames() ?? [])
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a certificate with these names serves <paramref name="host"/> (a wildcard covers one label).</summary>
    public static bool Covers(FrozenSet<string> names, string host)
    {
        if (names.Contains(host))
            return true;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && names.Contains("*" + host[dot..]);
    }

    private static void WriteAtomically(string path, string text, bool secret)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
