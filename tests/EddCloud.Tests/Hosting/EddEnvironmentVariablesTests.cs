using EddCloud.Grains.Hosting;
using System.Collections;
using EddCloud.Silo.Hosting;

namespace EddCloud.Tests.Hosting;

public sealed class EddEnvironmentVariablesTests
{
    [Theory]
    [InlineData("EDD_DATA_DIRECTORY", "DataDirectory")]
    [InlineData("EDD_ADMIN_USERNAME", "AdminUsername")]
    [InlineData("EDD_AUTH__TOKEN_LIFETIME", "Auth:TokenLifetime")]
    [InlineData("EDD_NATS__URL", "Nats:Url")]
    [InlineData("EDD_CLUSTER__POSTGRES", "Cluster:Postgres")]
    public void Read_EddVariable_MapsToConfigurationKey(string variable, string key)
    {
        var values = EddEnvironmentVariables.Read(new Hashtable { [variable] = "value", ["PATH"] = "/bin", ["EDD_"] = "empty" });

        var (actualKey, value) = Assert.Single(values);
        Assert.Equal(key, actualKey, ignoreCase: true);
        Assert.Equal("value", value);
    }
}
