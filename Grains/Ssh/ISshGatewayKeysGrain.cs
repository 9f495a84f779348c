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
