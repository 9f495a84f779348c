using EddCloud.Silo.Dfs.DataPlane;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EddCloud.Tests.Dfs.DataPlane;

public sealed class DataPlaneOptionsTests
{
    [Fact]
    public void Bind_Defaults_TenMinuteTokensThirtySecondSteps()
    {
        var options = Resolve([]);

        Assert.Null(options.DataPlaneUrl);
        Assert.Equal(TimeSpan.FromMinutes(10), options.TokenLifetime);
        Assert.Equal(TimeSpan.FromSeconds(30), options.StepTimeout);
    }

    [Theory]
    [InlineData("Dfs:DataPlaneUrl", "ftp://node-1", "EDD_DFS__DATA_PLANE_URL")]
    [InlineData("Dfs:DataPlaneUrl", "node-1:8080", "EDD_DFS__DATA_PLANE_URL")]
    [InlineData("Dfs:TokenLifetime", "2.00:00:00", "EDD_DFS__TOKEN_LIFETIME")]
    [InlineData("Dfs:StepTimeout", "00:00:00", "EDD_DFS__STEP_TIMEOUT")]
    public void Validate_BadValue_MessageNamesTheVariable(string key, string value, string variable)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HttpUrl_Accepted() =>
        Assert.Equal("http://10.0.0.5:8080", Resolve(new() { ["Dfs:DataPlaneUrl"] = "http://10.0.0.5:8080" }).DataPlaneUrl);

    private static DataPlaneOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddDataPlane(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<DataPlaneOptions>>().Value;
    }
}
