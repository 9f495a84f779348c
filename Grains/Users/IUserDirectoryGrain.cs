using Orleans.Concurrency;
using System.Collections.Immutable;

namespace EddCloud.Grains.Users;

/// <summary>
/// One bucket of the user listing. Users spread over <see cref="UserDirectory.Buckets"/> buckets by a
/// stable hash of their name, so no single grain's state grows with the whole user base;
/// a listing merges the buckets in name order.
/// </summary>
[Alias("edd.users.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("upsert")] Task UpsertAsync(UserInfo user);

    [Alias("remove")] Task RemoveAsync(Guid userId, string username);

    /// <summary>Up to <paramref name="limit"/> users whose normalized name sorts after <paramref name="after"/>.</summary>
    [Alias("list"), ReadOnly] Task<ImmutableArray<UserInfo>> ListAsync(string? after, int limit);
}
