using System.Globalization;
using System.Net;
using EddCloud.Silo.Hosting.Database;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace EddCloud.Tests.Hosting;

/// <summary>Configures each test silo exactly as the real silo does, through AddEddDatabase.</summary>
public sealed class DatabaseTestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        var options = DatabaseTestCluster.OptionsFrom(configuration);
        options.SiloPort = int.Parse(configuration["Orleans:Endpoints:SiloPort"]!, CultureInfo.InvariantCulture);
        options.GatewayPort = int.Parse(configuration["Orleans:Endpoints:GatewayPort"]!, CultureInfo.InvariantCulture);
        siloBuilder.AddEddDatabase(options, configuration[DatabaseTestCluster.DataDirectoryKey]!);

        // Tests reach silos over loopback; production advertises the host's address.
        // The in-memory test transport registers the listening endpoint, so listen on the advertised one.
        siloBuilder.Configure<Orleans.Configuration.EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = IPAddress.Loopback;
            o.SiloListeningEndpoint = null;
            o.GatewayListeningEndpoint = null;
        });
    }
}
