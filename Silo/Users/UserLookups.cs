using EddCloud.Grains.Errors;
using EddCloud.Grains.Users;

namespace EddCloud.Silo.Users;

public static class UserLookups
{
    /// <summary>Admin endpoints about one user answer 404 for a user that does not exist.</summary>
    public static async Task RequireUserAsync(this IGrainFactory grains, Guid id)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (await grains.GetGrain<IUserGrain>(id).GetAsync() is null)
            throw EddException.NotFound("There is no such user; see GET /api/admin/users.");
    }
}
