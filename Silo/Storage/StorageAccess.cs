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
/// The storage access rule: <see cref="ResourceAccess"/>'s owner-or-admin rule with the files:* scopes, and on top of
/// it a namespace's visibility, which opens reads (and, when public, listing) to everyone.
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
        ResourceAccess.Allows(caller, ns.OwnerId, OwnedKind.Namespaces, changes);

    /// <summary>Whether the caller may see the namespace at all (else it answers 404 as if it did not exist).</summary>
    private static bool Sees(Caller? caller, NamespaceInfo ns) =>
        ns.Visibility != Visibility.Private || caller is not null && ResourceAccess.Sees(caller, ns.OwnerId);

    /// <summary>Throws the refusal (401, 404 or 403) unless the caller may do the action.</summary>
    public static void Demand(Caller? caller, NamespaceInfo ns, StorageAction action)
    {
        if (Allows(caller, ns, action))
            return;
        if (caller is null)
            throw EddException.Unauthorized("Sign in first: this namespace is not open to everyone for this.");
        if (!Sees(caller, ns))
            throw NotFound();
        if (ResourceAccess.Sees(caller, ns.OwnerId))
            throw ResourceAccess.MissingScope(caller, ns.OwnerId, OwnedKind.Namespaces, changes: action is StorageAction.Write or StorageAction.Manage or StorageAction.Share);
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
