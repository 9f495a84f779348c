namespace EddCloud.Cli.Users;

public sealed record ResetPasswordRequest(string NewPassword)
{
    public override string ToString() => "ResetPasswordRequest { }";
}
