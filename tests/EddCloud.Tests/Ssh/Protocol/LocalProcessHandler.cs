using System.Diagnostics;
using System.Net.Sockets;
using EddCloud.Ssh.Protocol;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>
/// A test server's channels served locally: "exec" runs /bin/sh -c, "subsystem sftp" runs OpenSSH's sftp-server,
/// "shell" runs /bin/sh, each with stdin/stdout/stderr and exit status bridged; "direct-tcpip" connects on loopback.
/// </summary>
internal static class LocalProcessHandler
{
    public static async Task HandleAsync(SshServerConnection connection, SshChannelOpenRequest request, CancellationToken cancellationToken)
    {
        switch (request.Type)
        {
            case "session":
                await using (var channel = await request.AcceptAsync(cancellationToken))
                    await RunSessionAsync(channel, cancellationToken);
                break;
            case "direct-tcpip":
                var (host, port, _, _) = request.GetDirectTcpip();
                var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(host, port, cancellationToken);
                }
                catch (SocketException e)
                {
                    client.Dispose();
                    await request.RejectAsync(SshChannelOpenFailureReason.ConnectFailed, $"{host}:{port}: {e.Message}", cancellationToken);
                    return;
                }
                using (client)
                await using (var channel = await request.AcceptAsync(cancellationToken))
                    await BridgeSocketAsync(channel, client.Client, cancellationToken);
                break;
            default:
                await request.RejectAsync(SshChannelOpenFailureReason.UnknownChannelType, $"'{request.Type}' channels are not served.", cancellationToken);
                break;
        }
    }

    private static async Task RunSessionAsync(SshChannel channel, CancellationToken cancellationToken)
    {
        Process? process = null;
        Task? output = null;
        try
        {
            while (true)
            {
                var item = await channel.ReadAsync(cancellationToken);
                switch (item.Kind)
                {
                    case SshChannelEventKind.Request:
                        var request = item.Request!;
                        var (file, args) = request.Name switch
                        {
                            "exec" => ("/bin/sh", new[] { "-c", request.GetCommand() }),
                            "shell" => ("/bin/sh", []),
                            "subsystem" when request.GetSubsystem() == "sftp" => ("/usr/lib/openssh/sftp-server", []),
                            _ => ((string?)null, Array.Empty<string>()),
                        };
                        if (file is not null && process is null)
                        {
                            process = Start(file, args);
                            await channel.ReplyAsync(request, true, cancellationToken);
                            output = PumpOutputAsync(process, channel, cancellationToken);
                        }
                        else
                        {
                            await channel.ReplyAsync(request, request.Name is "pty-req" or "env" or "window-change", cancellationToken);
                        }
                        break;
                    case SshChannelEventKind.Data:
                        if (process is not null)
                        {
                            try
                            {
                                await process.StandardInput.BaseStream.WriteAsync(item.Data, cancellationToken);
                                await process.StandardInput.BaseStream.FlushAsync(cancellationToken);
                            }
                            catch (IOException)
                            {
                                // The program stopped reading; its exit status will tell.
                            }
                        }
                        break;
                    case SshChannelEventKind.Eof:
                        process?.StandardInput.Close();
                        break;
                    case SshChannelEventKind.Closed:
                        return;
                }
            }
        }
        finally
        {
            if (process is not null)
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
                if (output is not null)
                    await output.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                process.Dispose();
            }
        }
    }

    private static Process Start(string file, string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    private static async Task PumpOutputAsync(Process process, SshChannel channel, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(
                CopyAsync(process.StandardOutput.BaseStream, data => channel.SendDataAsync(data, cancellationToken), cancellationToken),
                CopyAsync(process.StandardError.BaseStream, data => channel.SendExtendedDataAsync(1, data, cancellationToken), cancellationToken));
            await process.WaitForExitAsync(cancellationToken);
            await channel.SendExitStatusAsync((uint)process.ExitCode, cancellationToken);
            await channel.SendEofAsync(cancellationToken);
            await channel.CloseAsync(cancellationToken);
        }
        catch (SshException)
        {
            // The client went away first.
        }
    }

    private static async Task CopyAsync(Stream from, Func<ReadOnlyMemory<byte>, ValueTask> send, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            await send(buffer.AsMemory(0, read));
    }

    /// <summary>Channel to socket and back, with half-close both ways; closes when both directions ended.</summary>
    internal static async Task BridgeSocketAsync(SshChannel channel, Socket socket, CancellationToken cancellationToken)
    {
        var peerEof = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var toChannel = Task.Run(async () =>
        {
            var buffer = new byte[32 * 1024];
            int read;
            try
            {
                while ((read = await socket.ReceiveAsync(buffer, cancellationToken)) > 0)
                    await channel.SendDataAsync(buffer.AsMemory(0, read), cancellationToken);
                await channel.SendEofAsync(cancellationToken);
                await peerEof.Task.WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is SocketException or SshException or OperationCanceledException)
            {
                // Either side went away: close below.
            }
            await channel.CloseAsync(CancellationToken.None);
        }, cancellationToken);
        try
        {
            while (true)
            {
                var item = await channel.ReadAsync(cancellationToken);
                if (item.Kind == SshChannelEventKind.Data)
                {
                    await socket.SendAsync(item.Data, cancellationToken);
                }
                else if (item.Kind == SshChannelEventKind.Eof)
                {
                    socket.Shutdown(SocketShutdown.Send);
                    peerEof.TrySetResult();
                }
                else if (item.Kind == SshChannelEventKind.Request)
                {
                    await channel.ReplyAsync(item.Request!, false, cancellationToken);
                }
                else if (item.Kind == SshChannelEventKind.Closed)
                {
                    break;
                }
            }
        }
        finally
        {
            peerEof.TrySetResult();
            socket.Close();
            await toChannel.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
