using EddCloud.Grains.Errors;
using EddCloud.Ssh.Protocol;

namespace EddCloud.Grains.Ssh;

/// <summary>A public key line a user gave: parsed by the SSH library, and what is wrong with it becomes a 400 naming the field.</summary>
public static class SshKeyLines
{
    public static SshPublicKey Parse(string? line)
    {
        try
        {
            return SshPublicKey.Parse(line);
        }
        catch (SshKeyFormatException e)
        {
            throw EddException.Validation("publicKey", e.Message);
        }
    }
}
