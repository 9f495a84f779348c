using EddCloud.Grains.Errors;
using EddCloud.Grains.Ssh;
using EddCloud.Grains.Users;
using EddCloud.Silo.Users.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EddCloud.Silo.Ssh;

public sealed record SshKeyList(IReadOnlyList<SshKeyInfo> Items);

public sealed record AddSshKeyRequest(string? Name, string? PublicKey);

public sealed record RenameSshKeyRequest(string? Name);

/// <summary>
/// The signed-in user's SSH public keys (docs/api.md). Adding, renaming and deleting a key changes who can log in,
/// so it needs a session, like tokens and passwords; listing works with account:read.
/// </summary>
public static class SshKeysEndpoints
{
    public static IEndpointRouteBuilder MapSshKeysEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/me/ssh-keys").WithTags("Account");
        keys.MapGet("/", ListAsync).WithName("ListMySshKeys").RequireAuthorization(Policies.Scope(Scopes.AccountRead));
        keys.MapPost("/", AddAsync).WithName("AddSshKey").WithSummary("Add an ed25519, ECDSA or RSA (>= 2048 bits) public key.")
            .RequireAuthorization(Policies.SessionOnly);
        keys.MapPatch("/{id:guid}", RenameAsync).WithName("RenameSshKey").RequireAuthorization(Policies.SessionOnly);
        keys.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteSshKey").RequireAuthorization(Policies.SessionOnly);
        app.MapGet("/api/ssh/gateway", GatewayAsync).WithTags("Account").WithName("GetSshGateway")
            .WithSummary("The SSH gateways' host keys: what ssh shows on first connecting through the gateway.")
            .RequireAuthorization(Policies.Scope(Scopes.AccountRead));
        return app;
    }

    private static ISshKeysGrain KeysOf(HttpContext context, IGrainFactory grains) =>
        grains.GetGrain<ISshKeysGrain>((Caller.From(context.User) ?? throw new InvalidOperationException("An authorized endpoint ran without a caller.")).UserId);

    private static async Task<Ok<SshKeyList>> ListAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(new SshKeyList(await KeysOf(context, grains).ListAsync()));

    private static async Task<Created<SshKeyInfo>> AddAsync(HttpContext context, AddSshKeyRequest request, IGrainFactory grains)
    {
        var key = await KeysOf(context, grains).AddAsync(request.Name, request.PublicKey ?? "");
        return TypedResults.Created($"/api/me/ssh-keys/{key.Id}", key);
    }

    private static async Task<Ok<SshKeyInfo>> RenameAsync(HttpContext context, Guid id, RenameSshKeyRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await KeysOf(context, grains).RenameAsync(id, request.Name ?? ""));

    private static async Task<Ok<SshGatewayInfo>> GatewayAsync(IGrainFactory grains) =>
        TypedResults.Ok(new SshGatewayInfo(await grains.GetGrain<ISshGatewayKeysGrain>(0).ListAsync()));

    private static async Task<NoContent> DeleteAsync(HttpContext context, Guid id, IGrainFactory grains)
    {
        if (!await KeysOf(context, grains).DeleteAsync(id))
            throw EddException.NotFound("You have no such SSH key; see GET /api/me/ssh-keys.");
        return TypedResults.NoContent();
    }
}

/// <summary>The host keys of the SSH gateways that reported lately (empty when no edge runs).</summary>
public sealed record SshGatewayInfo(IReadOnlyList<string> HostKeys);
