
namespace EddCloud.Cli.Ssh;

/// <summary>
/// Turns "<c>id|name|fingerprint</c>" into one of the caller's keys. A user holds at most 50 keys, so the whole
/// list is fetched once and matched: the id exactly, then the fingerprint (with or without "SHA256:"), then the
/// name ignoring case (names need not be unique: two matches are refused, naming their ids).
/// </summary>
public static class SshKeyResolver
{
    public const string Prefix = "SHA256:";

    public static async Task<SshKey> ResolveAsync(SshKeysApi keys, string wanted, CancellationToken ct)
    {
        var items = (await keys.ListAsync(ct)).Value.Items;
        return Find(items, wanted);
    }

    public static SshKey Find(IReadOnlyList<SshKey> items, string wanted)
    {
        var byId = items.FirstOrDefault(k => string.Equals(k.Id, wanted, StringComparison.OrdinalIgnoreCase));
        if (byId is not null)
        {
            return byId;
        }

        // Base64 is case-sensitive: only the "SHA256:" prefix may be written in any case, or left out.
        var fingerprint = wanted.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? wanted[Prefix.Length..] : wanted;
        var byFingerprint = items.FirstOrDefault(k =>
            string.Equals(k.Fingerprint.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? k.Fingerprint[Prefix.Length..] : k.Fingerprint, fingerprint, StringComparison.Ordinal));
        if (byFingerprint is not null)
        {
            return byFingerprint;
        }

        var byName = items.Where(k => string.Equals(k.Name, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        return byName.Count switch
        {
            1 => byName[0],
            0 => throw new CliUsageException($"you have no SSH key '{wanted}'", "see your keys (name, fingerprint, id) with `edd keys ls`"),
            _ => throw new CliUsageException(
                $"{byName.Count} of your SSH keys are named '{wanted}' ({string.Join(", ", byName.Select(k => k.Id))})",
                "give the id or the fingerprint instead; see `edd keys ls`"),
        };
    }
}
