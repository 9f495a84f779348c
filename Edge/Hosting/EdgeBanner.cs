using EddCloud.Edge.Tls;
using EddCloud.Grains.Compute;
using Microsoft.Extensions.Options;

namespace EddCloud.Edge.Hosting;

/// <summary>Tells the person who started the cloud the addresses users reach it on, and which certificate authority to trust.</summary>
public sealed class EdgeBanner(IHostApplicationLifetime lifetime, IOptions<EdgeOptions> options, IOptions<ComputeOptions> compute, EdgeCertificates certificates) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var edge = options.Value;
            var port = edge.HttpsPort == 443 ? "" : $":{edge.HttpsPort}";
            Console.WriteLine();
            Console.WriteLine($"  Dashboard:   https://{edge.Domain}{port}/");
            Console.WriteLine($"  Apps:        https://<name>.{compute.Value.AppsDomain}{port}/");
            Console.WriteLine($"  SSH:         ssh -p {edge.SshPort} <user>.<container>@{edge.Domain}");
            if (certificates.AuthorityPath is { } authority)
            {
                Console.WriteLine($"  Certificate: issued by this cloud's own authority; trust {authority}");
                Console.WriteLine("               (Debian/Ubuntu: cp it to /usr/local/share/ca-certificates/eddcloud.crt && update-ca-certificates;");
                Console.WriteLine("                browsers: import it under Settings > Certificates > Authorities; see docs/operations.md)");
            }

            Console.WriteLine();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
