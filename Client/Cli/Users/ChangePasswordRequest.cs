namespace EddCloud.Cli.Users;

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword)
{
    public override string ToString() => "ChangePasswordRequest { }";
}
