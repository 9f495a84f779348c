using EddCloud.Cli.Http;

namespace EddCloud.Cli.Ssh;

/// <summary>The signed-in user's SSH keys (<c>/api/me/ssh-keys</c>, docs/api.md) over <see cref="EddApiClient"/>.</summary>
public sealed class SshKeysApi(EddApiClient api)
{
    private const string Base = "api/me/ssh-keys";

    private static readonly SshJsonContext Json = SshJsonContext.Default;

    public Task<ApiResponse<ItemList<SshKey>>> ListAsync(CancellationToken ct) => api.GetJsonAsync(Base, Json.ItemListSshKey, ct);

    public Task<ApiResponse<SshKey>> AddAsync(string? name, string publicKey, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Post, Base, new AddSshKeyRequest(name, publicKey), Json.AddSshKeyRequest, Json.SshKey, ct);

    public Task<ApiResponse<SshKey>> RenameAsync(string id, string name, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Patch, KeyUrl(id), new RenameSshKeyRequest(name), Json.RenameSshKeyRequest, Json.SshKey, ct);

    public Task DeleteAsync(string id, CancellationToken ct) => api.DeleteAsync(KeyUrl(id), ct);

    private static string KeyUrl(string id) => Base + "/" + Uri.EscapeDataString(id);
}
