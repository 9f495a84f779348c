using System.Collections.Immutable;

namespace EddCloud.Grains.Ssh;

internal sealed class SshGatewayKeysGrain(TimeProvider time) : Grain, ISshGatewayKeysGrain
{
    /// <summary>Edges report every <see cref="ReportInterval"/>; a key unreported for three intervals is left out.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DateTimeOffset> _keys = new(StringComparer.Ordinal);

    public Task ReportAsync(string publicKeyLine)
    {
        var key = SshKeyLines.Parse(publicKeyLine);
        _keys[key.Line] = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> ListAsync()
    {
        var since = time.GetUtcNow() - ReportInterval * 3;
        return Task.FromResult(_keys.Where(pair => pair.Value >= since).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToImmutableArray());
    }
}
