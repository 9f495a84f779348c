using EddCloud.Grains.Errors;
using EddCloud.Grains.Storage;
using EddCloud.Grains.Users;
using EddCloud.Silo.Users.Auth;
using Microsoft.AspNetCore.Authentication;

namespace EddCloud.Silo.Storage;

/// <summary>What a caller wants to do with a namespace (docs/api.md, "Who may do what").</summary>
public enum StorageAction
{
    /// <summary>Get the namespace, list its files.</summary>
    List,
    /// <summary>Read a file (GET, HEAD, metadata).</summary>
    Read,
    /// <summary>Write, overwrite or delete files.</summary>
    Write,
    /// <summary>Rename, change visibility, delete the namespace.</summary>
    Manage,
    /// <summary>Create, list and revoke share links.</summary>
    Share,
}

/// <summary>
/// The storage access rule, in one place. Owners act with a session or a files:* token; admins act on anyone's
/// namespaces with a session or an admin:* token; visibility opens reads (and public listing) to everyone.
/// </summary>
public static class StorageAccess
{
    /// <summary>The caller, null when anonymous; 401 when the request carried a credential that failed.</summary>
    public static Caller? CallerOf(HttpContext context)
    {
        if (Caller.From(context.User) is { } caller)
            return caller;
        if (ProblemAuthorizationResultHandler.ClusterUnavailable(context))
            throw new EddException(ErrorCodes.Unavailable, "Your credential could not be checked: the cluster did not answer in time. Try again in a few seconds.");
        if (context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure is { } failure)
            throw EddException.Unauthorized(failure.Message);
        return null;
    }

    public static Caller RequireCaller(HttpContext context) =>
        CallerOf(context) ?? throw EddException.Unauthorized("Sign in first (edd login, or the dashboard).");

    /// <summary>Whether the caller may act on the namespace as its owner or as an admin.</summary>
    public static bool ActsAsOwner(Caller caller, NamespaceInfo ns, bool changes) =>
        caller.UserId == ns.OwnerId && caller.HasScope(changes ? Scopes.FilesWrite : Scopes.FilesRead)
        || caller.IsAdmin && caller.HasScope(changes ? Scopes.AdminWrite : Scopes.AdminRead);

    /// <summary>Whether the caller may see the namespace at all (else it answers 404 as if it did not exist).</summary>
    private static bool Sees(Caller? caller, NamespaceInfo ns) =>
        ns.Visibility != Visibility.Private || caller is not null && (caller.UserId == ns.OwnerId || caller.IsAdmin);

    /// <summary>Throws the refusal (401, 404 or 403) unless the caller may do the action.</summary>
    public static void Demand(Caller? caller, NamespaceInfo ns, StorageAction action)
    {
        if (Allows(caller, ns, action))
            return;
        if (caller is null)
            throw EddException.Unauthorized("Sign in first: this namespace is not open to everyone for this.");
        if (!Sees(caller, ns))
            throw NotFound();
        var changes = action is StorageAction.Write or StorageAction.Manage or StorageAction.Share;
        if (caller.UserId == ns.OwnerId || caller.IsAdmin)
        {
            throw EddException.Forbidden(caller.UserId == ns.OwnerId
                ? $"This API token lacks the scope '{(changes ? Scopes.FilesWrite : Scopes.FilesRead)}'; create one that has it."
                : $"This API token lacks the scope '{(changes ? Scopes.AdminWrite : Scopes.AdminRead)}' an admin needs for other people's namespaces.");
        }
        throw EddException.Forbidden("Only the namespace's owner or an admin may do this.");
    }

    public static bool Allows(Caller? caller, NamespaceInfo ns, StorageAction action) => action switch
    {
        StorageAction.Read when ns.Visibility != Visibility.Private => true,
        StorageAction.List when ns.Visibility == Visibility.Public => true,
        StorageAction.Read or StorageAction.List => caller is not null && ActsAsOwner(caller, ns, changes: false),
        _ => caller is not null && ActsAsOwner(caller, ns, changes: true),
    };

    public static EddException NotFound() => EddException.NotFound("There is no such namespace (or it is not yours); see GET /api/namespaces.");
}
