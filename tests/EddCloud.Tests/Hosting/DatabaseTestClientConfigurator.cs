using EddCloud.Grains.Hosting;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace EddCloud.Tests.Hosting;

/// <summary>Points the test client at the silos the way the edge would: ADO.NET gateways in cluster mode.</summary>
public sealed class DatabaseTestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        var options = DatabaseTestCluster.OptionsFrom(configuration);
        if (options.Mode == Grains.Hosting.ClusterOptions.ClusterMode)
        {
            clientBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = options.Postgres;
            });
        }
        else
        {
            var gatewayPort = int.Parse(configuration["BaseGatewayPort"]!, CultureInfo.InvariantCulture);
            clientBuilder.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
        }
    }
}
