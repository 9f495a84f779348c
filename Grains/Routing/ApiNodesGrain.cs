using System.Collections.Immutable;

namespace EddCloud.Grains.Routing;

internal sealed class ApiNodesGrain(TimeProvider time) : Grain, IApiNodesGrain
{
    /// <summary>Silos report every <see cref="ReportInterval"/>; three missed reports and a silo is left out.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan PresenceWindow = ReportInterval * 3;
    private readonly Dictionary<string, (string Url, DateTimeOffset At)> _nodes = new(StringComparer.Ordinal);

    public Task ReportAsync(string node, string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentException.ThrowIfNullOrEmpty(url);
        _nodes[node] = (url, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> ListAsync()
    {
        var since = time.GetUtcNow() - PresenceWindow;
        return Task.FromResult(_nodes.Where(pair => pair.Value.At >= since).OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value.Url).ToImmutableArray());
    }
}
