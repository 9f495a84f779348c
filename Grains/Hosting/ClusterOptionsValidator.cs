using System.Data.Common;
using Microsoft.Extensions.Options;

namespace EddCloud.Grains.Hosting;

/// <summary>Checks <see cref="ClusterOptions"/>; every message names the key, its environment variable and the fix.</summary>
public sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        var single = string.Equals(options.Mode, ClusterOptions.SingleMode, StringComparison.OrdinalIgnoreCase);
        if (!single && !options.IsCluster)
        {
            failures.Add($"Cluster:Mode (EDD_CLUSTER__MODE) must be '{ClusterOptions.SingleMode}' or '{ClusterOptions.ClusterMode}', not '{options.Mode}'.");
        }

        if (options.IsCluster)
        {
            if (string.IsNullOrWhiteSpace(options.Postgres))
            {
                failures.Add("Cluster:Postgres (EDD_CLUSTER__POSTGRES) is required when Cluster:Mode is 'cluster'; set it to an Npgsql connection string such as 'Host=db;Database=eddcloud;Username=edd;Password=...'.");
            }
            else if (!IsConnectionString(options.Postgres))
            {
                // Never echo the value: it usually holds a password.
                failures.Add("Cluster:Postgres (EDD_CLUSTER__POSTGRES) is not a valid connection string; use 'key=value;...' pairs such as 'Host=db;Database=eddcloud;Username=edd;Password=...'.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Cluster:ClusterId (EDD_CLUSTER__CLUSTERID) must not be empty; leave it unset for 'eddcloud'.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("Cluster:ServiceId (EDD_CLUSTER__SERVICEID) must not be empty; leave it unset for 'eddcloud' (stored state is keyed by it, so never change it later).");
        }

        CheckPort(failures, options.SiloPort, "Cluster:SiloPort (EDD_CLUSTER__SILO_PORT)");
        CheckPort(failures, options.GatewayPort, "Cluster:GatewayPort (EDD_CLUSTER__GATEWAY_PORT)");
        if (!string.IsNullOrEmpty(options.AdvertisedAddress) && !System.Net.IPAddress.TryParse(options.AdvertisedAddress, out _))
            failures.Add($"Cluster:AdvertisedAddress (EDD_CLUSTER__ADVERTISED_ADDRESS) '{options.AdvertisedAddress}' is not an IP address; give this node's address on the cluster network, e.g. 192.168.1.20.");
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"Cluster:SiloPort and Cluster:GatewayPort are both {options.SiloPort}; give them different ports (defaults 11111 and 30000).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPort(List<string> failures, int port, string key)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{key} is {port}; use a TCP port between 1 and 65535.");
        }
    }

    private static bool IsConnectionString(string value)
    {
        try
        {
            _ = new DbConnectionStringBuilder { ConnectionString = value };
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
