using System.Collections.Immutable;

namespace EddCloud.Grains.Users;

/// <summary>Bucketing and merged, keyset-paged listing over the <see cref="IUserDirectoryGrain"/> buckets.</summary>
public static class UserDirectory
{
    public const int Buckets = 16;

    public static IUserDirectoryGrain BucketFor(IGrainFactory grains, string username) =>
        grains.GetGrain<IUserDirectoryGrain>(BucketOf(username));

    /// <summary>FNV-1a over the normalized name: stable across processes and versions, unlike string.GetHashCode.</summary>
    public static int BucketOf(string username)
    {
        uint hash = 2166136261;
        foreach (var c in UsernameRules.Normalize(username))
        {
            hash ^= c;
            hash *= 16777619;
        }
        return (int)(hash % Buckets);
    }

    /// <summary>One page in name order, and the cursor of the next page (null at the end).</summary>
    public static async Task<(ImmutableArray<UserInfo> Items, string? Next)> ListAsync(IGrainFactory grains, string? after, int limit)
    {
        var normalizedAfter = after is null ? null : UsernameRules.Normalize(after);
        var pages = await Task.WhenAll(Enumerable.Range(0, Buckets)
            .Select(b => grains.GetGrain<IUserDirectoryGrain>(b).ListAsync(normalizedAfter, limit + 1)));
        var merged = pages.SelectMany(p => p)
            .OrderBy(u => UsernameRules.Normalize(u.Username), StringComparer.Ordinal)
            .Take(limit + 1)
            .ToImmutableArray();
        if (merged.Length <= limit)
            return (merged, null);
        var page = merged.RemoveAt(limit);
        return (page, UsernameRules.Normalize(page[^1].Username));
    }
}
