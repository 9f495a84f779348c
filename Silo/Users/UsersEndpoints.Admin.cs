using EddCloud.Grains.Errors;
using EddCloud.Grains.Users;
using EddCloud.Silo.Users.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EddCloud.Silo.Users;

public static partial class UsersEndpoints
{
    private static async Task<Ok<PageResponse<UserResponse>>> ListUsersAsync(string? after, int? limit, IGrainFactory grains)
    {
        var (items, next) = await UserAccounts.ListUsersAsync(grains, after, limit);
        return TypedResults.Ok(new PageResponse<UserResponse>([.. items.Select(UserResponse.From)], next));
    }

    private static async Task<Created<UserResponse>> CreateUserAsync(CreateUserRequest request, UserAccounts accounts)
    {
        var user = await accounts.CreateUserAsync(request.Username, request.Password, request.Role);
        return TypedResults.Created($"/api/admin/users/{user.Id}", UserResponse.From(user));
    }

    private static async Task<Ok<UserResponse>> GetUserAsync(Guid id, IGrainFactory grains) =>
        TypedResults.Ok(UserResponse.From(await ExistingAsync(grains, id)));

    private static async Task<NoContent> DeleteUserAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        if (id == CallerOf(context).UserId)
            throw EddException.Conflict("You cannot delete your own account; ask another admin.");
        if (!await grains.GetGrain<IUserGrain>(id).DeleteAsync())
            throw EddException.NotFound("No such user.");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<UserResponse>> SetRoleAsync(Guid id, SetRoleRequest request, HttpContext context, IGrainFactory grains)
    {
        if (id == CallerOf(context).UserId && request.Role != Roles.Admin)
            throw EddException.Conflict("You cannot take away your own admin role; ask another admin.");
        await ExistingAsync(grains, id);
        return TypedResults.Ok(UserResponse.From(await grains.GetGrain<IUserGrain>(id).SetRoleAsync(request.Role ?? "")));
    }

    private static async Task<NoContent> ResetPasswordAsync(Guid id, ResetPasswordRequest request, UserAccounts accounts)
    {
        await accounts.ResetPasswordAsync(id, request.NewPassword);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ItemsResponse<SessionResponse>>> ListUserSessionsAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        await ExistingAsync(grains, id);
        var sessions = await grains.GetGrain<IUserGrain>(id).ListSessionsAsync();
        var current = CallerOf(context).SessionId;
        return TypedResults.Ok(new ItemsResponse<SessionResponse>([.. sessions.Select(s => SessionResponse.From(s, current))]));
    }

    private static async Task<NoContent> RevokeUserSessionAsync(Guid id, Guid sessionId, IGrainFactory grains, CredentialVerifier verifier)
    {
        if (!await grains.GetGrain<IUserGrain>(id).RevokeSessionAsync(sessionId))
            throw EddException.NotFound("That user has no live session with this id.");
        verifier.ForgetSession(id, sessionId);
        return TypedResults.NoContent();
    }

    private static async Task<UserInfo> ExistingAsync(IGrainFactory grains, Guid id) =>
        await grains.GetGrain<IUserGrain>(id).GetAsync() ?? throw EddException.NotFound("No such user.");
}
