namespace EddCloud.Cli.Ssh;

/// <summary>Body of <c>POST /api/me/ssh-keys</c>; without a name the server uses the key's comment, else its type.</summary>
public sealed record AddSshKeyRequest(string? Name, string PublicKey);
