namespace EddCloud.Grains.Users;

/// <summary>
/// Remembers that the first admin was created (singleton, key "bootstrap"), so a restart never
/// re-creates an admin that was deliberately deleted or renamed.
/// </summary>
[Alias("edd.users.IAdminBootstrapGrain")]
public interface IAdminBootstrapGrain : IGrainWithStringKey
{
    public const string Key = "bootstrap";

    [Alias("is-done")] Task<bool> IsDoneAsync();

    [Alias("mark-done")] Task MarkDoneAsync(Guid adminId);
}
