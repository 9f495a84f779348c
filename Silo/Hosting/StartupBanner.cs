using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Hosting;

/// <summary>Tells the person who started the cloud where it answers and who signs in, once it is ready.</summary>
public sealed class StartupBanner(IServer server, IHostApplicationLifetime lifetime, IOptions<EddOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Console.WriteLine();
            Console.WriteLine($"  The silo is ready; its API answers on {string.Join(", ", addresses)} (users come in through the edge).");
            Console.WriteLine($"  Sign in as '{options.Value.AdminUsername}' (the password was set by EDD_ADMIN_PASSWORD or printed at the first start).");
            Console.WriteLine();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
