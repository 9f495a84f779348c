using EddCloud.Grains.Errors;
using EddCloud.Grains.Users;

namespace EddCloud.Silo.Users.Auth;

/// <summary>A kind of resource users own, and the scopes an API token needs to act on its own user's ones.</summary>
public sealed record OwnedKind(string Plural, string ReadScope, string WriteScope)
{
    public static readonly OwnedKind Containers = new("containers", Scopes.ContainersRead, Scopes.ContainersWrite);
    public static readonly OwnedKind Namespaces = new("namespaces", Scopes.FilesRead, Scopes.FilesWrite);
}

/// <summary>
/// The owner-or-admin rule every capability applies (docs/api.md, "Who may do what"), written once: owners act on
/// their own resources with a session or a token with the kind's read or write scope; admins act on anyone's with a
/// session or an admin:read / admin:write token. Others do not learn that a resource exists (the caller's 404).
/// What a capability adds on top (a namespace's visibility, a terminal being the owner's alone) stays with it.
/// </summary>
public static class ResourceAccess
{
    /// <summary>Whether the caller may read (or, with <paramref name="changes"/>, change) a resource of <paramref name="ownerId"/>.</summary>
    public static bool Allows(Caller caller, Guid ownerId, OwnedKind kind, bool changes) =>
        caller.UserId == ownerId && caller.HasScope(changes ? kind.WriteScope : kind.ReadScope)
        || caller.IsAdmin && caller.HasScope(changes ? Scopes.AdminWrite : Scopes.AdminRead);

    /// <summary>Whether the caller may know the resource exists: its owner, or an admin.</summary>
    public static bool Sees(Caller caller, Guid ownerId) => caller.UserId == ownerId || caller.IsAdmin;

    /// <summary>Throws unless allowed: <paramref name="notFound"/> to those who may not know it exists, 403 naming the missing scope to the rest.</summary>
    public static void Demand(Caller caller, Guid ownerId, OwnedKind kind, bool changes, Func<EddException> notFound)
    {
        if (Allows(caller, ownerId, kind, changes))
            return;
        throw Sees(caller, ownerId) ? MissingScope(caller, ownerId, kind, changes) : notFound();
    }

    /// <summary>Listing a user's resources: their own, or anyone's for an admin; 403 otherwise.</summary>
    public static void DemandList(Caller caller, Guid ownerId, OwnedKind kind)
    {
        if (Allows(caller, ownerId, kind, changes: false))
            return;
        throw Sees(caller, ownerId)
            ? MissingScope(caller, ownerId, kind, changes: false)
            : EddException.Forbidden($"Only admins list other people's {kind.Plural} (with admin:read for API tokens).");
    }

    /// <summary>The 403 for an owner or admin whose API token lacks the scope this needs.</summary>
    public static EddException MissingScope(Caller caller, Guid ownerId, OwnedKind kind, bool changes) =>
        EddException.Forbidden(caller.UserId == ownerId
            ? $"This API token lacks the scope '{(changes ? kind.WriteScope : kind.ReadScope)}'; create one that has it."
            : $"This API token lacks the scope '{(changes ? Scopes.AdminWrite : Scopes.AdminRead)}' an admin needs for other people's {kind.Plural}.");
}
