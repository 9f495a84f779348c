namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>Our SSH server in-process with the stock OpenSSH client pointed at it, holding one key the server allows.</summary>
public abstract class OpenSshAgainstTestServer : IAsyncLifetime
{
    protected SshTestServer Server { get; private set; } = null!;

    protected OpenSshClient Client { get; private set; } = null!;

    /// <summary>The private key file of the allowed key.</summary>
    protected string Key { get; private set; } = "";

    public virtual async Task InitializeAsync()
    {
        Server = new SshTestServer();
        Client = new OpenSshClient(Server.Port, Server.KnownHostsLine);
        var (key, line) = await Client.CreateKeyAsync();
        Key = key;
        Server.AllowKey(line);
    }

    public virtual async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Client.Dispose();
    }
}
