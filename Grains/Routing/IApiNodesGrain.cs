using System.Collections.Immutable;

namespace EddCloud.Grains.Routing;

/// <summary>
/// Where each silo serves the REST API (one grain, key 0, in memory): silos report every few seconds, edges spread
/// /api requests over those seen lately.
/// </summary>
[Alias("edd.routing.IApiNodesGrain")]
public interface IApiNodesGrain : IGrainWithIntegerKey
{
    [Alias("report")] Task ReportAsync(string node, string url);

    /// <summary>The API URLs of the silos that reported within the presence window, by node name.</summary>
    [Alias("list")] Task<ImmutableArray<string>> ListAsync();
}
