namespace EddCloud.Cli.Ssh;

/// <summary>Body of <c>PATCH /api/me/ssh-keys/{id}</c>.</summary>
public sealed record RenameSshKeyRequest(string Name);
