using System.Collections.Immutable;

namespace EddCloud.Grains.Ssh;

/// <summary>
/// The SSH gateways' host keys (one grain, key 0, in memory): each edge reports its key every minute, and the
/// dashboard shows them beside the ssh command, since a login through the gateway meets the gateway's key, not the
/// container's.
/// </summary>
[Alias("edd.ssh.ISshGatewayKeysGrain")]
public interface ISshGatewayKeysGrain : IGrainWithIntegerKey
{
    [Alias("report")] Task ReportAsync(string publicKeyLine);

    /// <summary>The keys reported lately, sorted (edges sharing one key, as they should, give one entry).</summary>
    [Alias("list")] Task<ImmutableArray<string>> ListAsync();
}

internal sealed class SshGatewayKeysGrain(TimeProvider time) : Grain, ISshGatewayKeysGrain
{
    /// <summary>Edges report every <see cref="ReportInterval"/>; a key unreported for three intervals is left out.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DateTimeOffset> _keys = new(StringComparer.Ordinal);

    public Task ReportAsync(string publicKeyLine)
    {
        var key = SshPublicKey.Parse(publicKeyLine);
        _keys[key.Line] = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> ListAsync()
    {
        var since = time.GetUtcNow() - ReportInterval * 3;
        return Task.FromResult(_keys.Where(pair => pair.Value >= since).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToImmutableArray());
    }
}
