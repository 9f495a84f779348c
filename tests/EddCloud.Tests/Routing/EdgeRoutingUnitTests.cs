using System.Security.Cryptography.X509Certificates;
using EddCloud.Edge.Tls;
using EddCloud.Edge.Routing;
using EddCloud.Grains.Routing;
using EddCloud.Silo.Routing;
using Microsoft.AspNetCore.Http;
using Route = EddCloud.Grains.Routing.Route;
using EddCloud.Edge.Http;
using EddCloud.Edge;

namespace EddCloud.Tests.Routing;

/// <summary>The edge's decisions that need no process: route matching, prefix stripping, redaction, routes.yaml, its settings and its certificate authority.</summary>
public sealed class EdgeRoutingUnitTests
{
    private static Route NewRoute(string host, string prefix, string backend) =>
        new(Guid.NewGuid(), host, prefix, false, backend, RouteSource.Api, DateTimeOffset.UtcNow);

    [Theory]
    [InlineData("/", "root")]
    [InlineData("/app", "app")]
    [InlineData("/app/", "app")]
    [InlineData("/app/x/y", "app-x")]
    [InlineData("/app/xy", "app")]
    [InlineData("/apple", "root")]
    [InlineData("/APP", "root")]
    public void Match_TakesTheLongestPrefix_OnSegmentBoundaries(string path, string expected)
    {
        var table = new EdgeRouteTable(new RouteTable(3, [
            NewRoute("site.test", "/", "root"), NewRoute("site.test", "/app", "app"), NewRoute("site.test", "/app/x", "app-x")]));
        Assert.Equal(expected, table.Match("site.test", path)!.Backend);
        Assert.Equal(expected, table.Match("SITE.test", path)!.Backend);
        Assert.Null(table.Match("other.test", path));
    }

    [Theory]
    [InlineData("/app", "/app", "/")]
    [InlineData("/app/", "/app", "/")]
    [InlineData("/app/x?", "/app", "/x?")]
    [InlineData("/app/x/y", "/app", "/x/y")]
    public void StripPrefix_LeavesTheRestOfThePath(string path, string prefix, string expected) =>
        Assert.Equal(expected, EdgeProxy.StripPrefix(new PathString(path), prefix).Value);

    [Theory]
    [InlineData("/s/abc.def.secret", "/s/***")]
    [InlineData("/api/shares/tok3n/info", "/api/shares/***/info")]
    [InlineData("/api/files/x", "/api/files/x")]
    public void AccessLog_MasksShareSecrets(string path, string logged) => Assert.Equal(logged, RequestIds.Redact(path));

    [Theory]
    [InlineData("http://localhost:8080", null, "http://127.0.0.1:8080")]
    [InlineData("http://0.0.0.0:8080", "10.0.0.7", "http://10.0.0.7:8080")]
    [InlineData("http://+:8080", null, "http://127.0.0.1:8080")]
    [InlineData("http://10.0.0.9:80", "10.0.0.7", "http://10.0.0.9")]
    public void Silo_ReportsTheApiUrlEdgesCanReach(string listening, string? advertised, string expected) =>
        Assert.Equal(expected, ApiNodeReporter.PublicUrl([listening], advertised));

    [Fact]
    public void RoutesYaml_ReadsEveryField_AndAnEmptyFileHoldsNoRoutes()
    {
        var routes = RoutesFile.Parse("""
            routes:
              - host: wiki.example.org
                backend: http://127.0.0.1:3000
              - host: example.org
                pathPrefix: /docs
                stripPrefix: true
                backend: http://10.0.0.5:8080
            """);
        Assert.Equal([new RouteSpec("wiki.example.org", null, false, "http://127.0.0.1:3000"), new RouteSpec("example.org", "/docs", true, "http://10.0.0.5:8080")], routes.ToArray());
        Assert.Empty(RoutesFile.Parse(""));
        Assert.Empty(RoutesFile.Parse("routes: []"));
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => RoutesFile.Parse("routes:\n  - host: [unclosed"));
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => RoutesFile.Parse("routes:\n  - hots: typo.example\n"));
    }

    [Fact]
    public void Settings_AreCheckedWithMessagesNamingTheKey()
    {
        var validator = new EdgeOptionsValidator();
        Assert.True(validator.Validate(null, new EdgeOptions()).Succeeded);
        var failures = validator.Validate(null, new EdgeOptions
        {
            Domain = "not a host",
            ListenAddress = "everywhere",
            HttpsPort = 70000,
            HttpPort = 2222,
            CertificatePath = "/etc/cert.pem",
            TrustedProxies = ["10.0.0.0/99"],
            ApiUrls = ["ftp://x"],
            MaxRequestBodyBytes = 0,
            RequestsPerSecondPerIp = 10,
            RequestBurstPerIp = 5,
            SshKeyExchangeTimeout = TimeSpan.Zero,
        }).Failures!.ToList();
        foreach (var key in new[] { "Edge:Domain", "Edge:ListenAddress", "Edge:HttpsPort", "must be different ports", "Edge:CertificateKeyPath", "Edge:TrustedProxies", "Edge:ApiUrls", "Edge:MaxRequestBodyBytes", "Edge:RequestBurstPerIp", "Edge:SshKeyExchangeTimeout" })
            Assert.Contains(failures, failure => failure.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void LocalAuthority_IssuesACertificateForEveryName_KeepsIt_AndIssuesAgainWhenTheNamesChange()
    {
        var folder = Directory.CreateTempSubdirectory("edd-ca-").FullName;
        try
        {
            var now = DateTimeOffset.UtcNow;
            LocalAuthority.EnsureIssued(folder, ["cloud.test", "*.cloud.test", "localhost"], now, TimeSpan.FromDays(30));
            var first = File.ReadAllText(Path.Combine(folder, "cert.pem"));
            using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "cert.pem"), Path.Combine(folder, "cert.key.pem"));
            using var authority = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(folder, "ca.pem"));
            using (var chain = new X509Chain())
            {
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                Assert.True(chain.Build(certificate), "the certificate chains to the local authority");
            }

            var names = LocalAuthority.DnsNames(certificate);
            Assert.True(LocalAuthority.Covers(names, "cloud.test"));
            Assert.True(LocalAuthority.Covers(names, "x.cloud.test"));
            Assert.False(LocalAuthority.Covers(names, "a.b.cloud.test"));
            Assert.False(LocalAuthority.Covers(names, "other.test"));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "ca.key.pem")));

            LocalAuthority.EnsureIssued(folder, ["cloud.test", "*.cloud.test", "localhost"], now, TimeSpan.FromDays(30));
            Assert.Equal(first, File.ReadAllText(Path.Combine(folder, "cert.pem")));
            LocalAuthority.EnsureIssued(folder, ["renamed.test", "localhost"], now, TimeSpan.FromDays(30));
            using var renamed = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "cert.pem")));
            Assert.True(LocalAuthority.Covers(LocalAuthority.DnsNames(renamed), "renamed.test"));
            Assert.Equal(authority.Thumbprint, X509CertificateLoader.LoadCertificateFromFile(Path.Combine(folder, "ca.pem")).Thumbprint);

            // Close to its end it is renewed.
            LocalAuthority.EnsureIssued(folder, ["renamed.test", "localhost"], now + TimeSpan.FromDays(800), TimeSpan.FromDays(30));
            using var renewed = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "cert.pem")));
            Assert.True(renewed.NotAfter > renamed.NotAfter);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
