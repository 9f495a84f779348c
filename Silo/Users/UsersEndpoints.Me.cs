using EddCloud.Grains.Errors;
using EddCloud.Grains.Users;
using EddCloud.Silo.Users.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EddCloud.Silo.Users;

public static partial class UsersEndpoints
{
    private static async Task<Ok<UserResponse>> GetMeAsync(HttpContext context, IGrainFactory grains)
    {
        var user = await grains.GetGrain<IUserGrain>(CallerOf(context).UserId).GetAsync() ?? throw EddException.Unauthorized("Your account no longer exists.");
        return TypedResults.Ok(UserResponse.From(user));
    }

    private static async Task<NoContent> ChangePasswordAsync(ChangePasswordRequest request, HttpContext context, UserAccounts accounts)
    {
        var caller = CallerOf(context);
        await accounts.ChangeOwnPasswordAsync(caller.UserId, caller.SessionId!.Value, request.CurrentPassword, request.NewPassword);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ItemsResponse<SessionResponse>>> ListMySessionsAsync(HttpContext context, IGrainFactory grains)
    {
        var caller = CallerOf(context);
        var sessions = await grains.GetGrain<IUserGrain>(caller.UserId).ListSessionsAsync();
        return TypedResults.Ok(new ItemsResponse<SessionResponse>([.. sessions.Select(s => SessionResponse.From(s, caller.SessionId))]));
    }

    private static async Task<NoContent> RevokeMySessionAsync(Guid id, HttpContext context, IGrainFactory grains, CredentialVerifier verifier)
    {
        var caller = CallerOf(context);
        if (!await grains.GetGrain<IUserGrain>(caller.UserId).RevokeSessionAsync(id))
            throw EddException.NotFound("You have no live session with this id.");
        verifier.ForgetSession(caller.UserId, id);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ItemsResponse<ApiTokenResponse>>> ListMyTokensAsync(HttpContext context, IGrainFactory grains)
    {
        var tokens = await grains.GetGrain<IUserGrain>(CallerOf(context).UserId).ListApiTokensAsync();
        return TypedResults.Ok(new ItemsResponse<ApiTokenResponse>([.. tokens.Select(ApiTokenResponse.From)]));
    }

    private static async Task<Created<CreatedApiTokenResponse>> CreateMyTokenAsync(CreateApiTokenRequest request, HttpContext context, UserAccounts accounts)
    {
        var (token, info) = await accounts.CreateApiTokenAsync(CallerOf(context).UserId, request.Name, request.Scopes, request.ExpiresInDays);
        return TypedResults.Created($"/api/me/tokens/{info.Id}", new CreatedApiTokenResponse(token, ApiTokenResponse.From(info)));
    }

    private static async Task<NoContent> DeleteMyTokenAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        if (!await grains.GetGrain<IUserGrain>(CallerOf(context).UserId).DeleteApiTokenAsync(id))
            throw EddException.NotFound("You have no API token with this id.");
        return TypedResults.NoContent();
    }
}
