using System.Text;
using EddCloud.Ssh.Protocol;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>Everything a session channel delivered until it closed.</summary>
internal sealed record ChannelOutput(byte[] Stdout, string Stderr, uint? ExitStatus, bool SawEof)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    public static async Task<ChannelOutput> ReadToEndAsync(SshChannel channel, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        uint? exit = null;
        var eof = false;
        while (true)
        {
            var item = await channel.ReadAsync(deadline.Token);
            switch (item.Kind)
            {
                case SshChannelEventKind.Data:
                    stdout.Write(item.Data.Span);
                    break;
                case SshChannelEventKind.ExtendedData:
                    stderr.Write(item.Data.Span);
                    break;
                case SshChannelEventKind.Eof:
                    eof = true;
                    break;
                case SshChannelEventKind.Request:
                    if (item.Request!.Name == "exit-status")
                        exit = item.Request.GetExitStatus();
                    await channel.ReplyAsync(item.Request, false);
                    break;
                case SshChannelEventKind.Closed:
                    return new ChannelOutput(stdout.ToArray(), Encoding.UTF8.GetString(stderr.ToArray()), exit, eof);
            }
        }
    }
}
