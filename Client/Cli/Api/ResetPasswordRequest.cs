namespace EddCloud.Cli.Api;

public sealed record ResetPasswordRequest(string NewPassword)
{
    public override string ToString() => "ResetPasswordRequest { }";
}
