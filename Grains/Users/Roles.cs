namespace EddCloud.Grains.Users;

/// <summary>The roles a user can hold. Admins manage users and see everything; users see their own.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";

    public static bool IsValid(string? role) => role is Admin or User;
}
