using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Ssh;

/// <summary>A user's SSH key made with the real ssh-keygen: the private key file for ssh, the public line for the API.</summary>
public sealed record SshTestKey(string PrivatePath, string PublicKey);

public static class SshTestKeys
{
    public static async Task<SshTestKey> NewAsync(string directory, string name, string type = "ed25519", string passphrase = "")
    {
        var path = Path.Combine(directory, name);
        var (code, _, error) = await ExternalTool.RunAsync("ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-C", name, "-f", path], TimeSpan.FromSeconds(30));
        Assert.True(code == 0, error);
        return new SshTestKey(path, (await File.ReadAllTextAsync(path + ".pub")).Trim());
    }

    /// <summary>Adds the key to the signed-in user's account; returns its id.</summary>
    public static async Task<Guid> AddAsync(HttpClient owner, SshTestKey key)
    {
        using var response = await owner.PostAsJsonAsync("/api/me/ssh-keys", new { publicKey = key.PublicKey });
        await ApiAssert.StatusAsync(response, HttpStatusCode.Created, "add ssh key");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
