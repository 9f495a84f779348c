using EddCloud.Grains.Users;
using Microsoft.AspNetCore.Authorization;

namespace EddCloud.Silo.Users.Auth;

/// <summary>The authorization policies endpoints name. Every policy requires a signed-in caller.</summary>
public static class Policies
{
    /// <summary>Only a signed-in session (cookie or session JWT): never an API token. Guards tokens, sessions and passwords.</summary>
    public const string SessionOnly = "session-only";

    public static string Scope(string scope) => "scope:" + scope;

    public static AuthorizationBuilder AddEddPolicies(this AuthorizationBuilder builder)
    {
        builder.AddPolicy(SessionOnly, p => p.AddRequirements(new CallerRequirement(
            c => c.IsSession,
            "API tokens cannot manage sessions, tokens or passwords; sign in with a password (edd login) instead.")));
        foreach (var scope in Scopes.All)
        {
            builder.AddPolicy(Scope(scope), p => p.AddRequirements(new CallerRequirement(
                c => c.HasScope(scope) && (!Scopes.RequiresAdmin(scope) || c.IsAdmin),
                Scopes.RequiresAdmin(scope)
                    ? $"This needs an admin (and, for API tokens, the scope '{scope}')."
                    : $"This API token lacks the scope '{scope}'; create one that has it.")));
        }
        return builder;
    }
}

/// <summary>A rule about the <see cref="Caller"/>, with the message a refused caller reads.</summary>
public sealed record CallerRequirement(Func<Caller, bool> Allows, string Refusal) : IAuthorizationRequirement;

public sealed class CallerRequirementHandler : AuthorizationHandler<CallerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRequirement requirement)
    {
        if (Caller.From(context.User) is { } caller)
        {
            if (requirement.Allows(caller))
                context.Succeed(requirement);
            else
                context.Fail(new AuthorizationFailureReason(this, requirement.Refusal));
        }
        return Task.CompletedTask;
    }
}
