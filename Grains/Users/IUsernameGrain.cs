namespace EddCloud.Grains.Users;

/// <summary>
/// The uniqueness index of usernames, keyed by <see cref="UsernameRules.Normalize"/>d name.
/// A claim is atomic; a claim left by a crash half-way through creating a user is taken over
/// by the next creator once the caller has checked that its owner does not exist.
/// </summary>
[Alias("edd.users.IUsernameGrain")]
public interface IUsernameGrain : IGrainWithStringKey
{
    /// <summary>Claims the name for <paramref name="userId"/> if free; returns the owner after the call.</summary>
    [Alias("claim")] Task<Guid> ClaimAsync(Guid userId);

    /// <summary>Moves the name from <paramref name="expectedOwner"/> to <paramref name="newOwner"/>; false if the owner changed.</summary>
    [Alias("take-over")] Task<bool> TakeOverAsync(Guid expectedOwner, Guid newOwner);

    /// <summary>The owner of the name, or null when free.</summary>
    [Alias("owner")] Task<Guid?> GetOwnerAsync();

    /// <summary>Frees the name if <paramref name="userId"/> holds it.</summary>
    [Alias("release")] Task ReleaseAsync(Guid userId);
}
