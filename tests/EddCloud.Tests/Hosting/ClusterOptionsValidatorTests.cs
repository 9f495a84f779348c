using EddCloud.Grains.Hosting;
using EddCloud.Silo.Hosting.Database;
using Microsoft.Extensions.Hosting;

namespace EddCloud.Tests.Hosting;

public sealed class ClusterOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds() =>
        Assert.True(new ClusterOptionsValidator().Validate(null, new ClusterOptions()).Succeeded);

    [Fact]
    public void Validate_ClusterModeWithoutPostgres_NamesKeyAndVariable()
    {
        var result = new ClusterOptionsValidator().Validate(null, new ClusterOptions { Mode = "cluster" });
        Assert.Contains("Cluster:Postgres (EDD_CLUSTER__POSTGRES) is required when Cluster:Mode is 'cluster'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownMode_SaysWhichModesExist()
    {
        var result = new ClusterOptionsValidator().Validate(null, new ClusterOptions { Mode = "multi" });
        Assert.Contains("Cluster:Mode (EDD_CLUSTER__MODE) must be 'single' or 'cluster'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadPostgresString_DoesNotEchoSecret()
    {
        var result = new ClusterOptionsValidator().Validate(null, new ClusterOptions { Mode = "cluster", Postgres = "Password=hunter2;=oops" });
        Assert.True(result.Failed);
        Assert.DoesNotContain("hunter2", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEddDatabase_InvalidOptions_Throws() =>
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            Host.CreateApplicationBuilder().UseOrleans(silo => silo.AddEddDatabase(new ClusterOptions { SiloPort = 0 }, "/tmp")));
}
