using EddCloud.Tests.Compute;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Ssh;

/// <summary>
/// An interactive shell through the gateway as a person at a terminal has it: the stock ssh client in a tmux pane,
/// keys typed with send-keys, the screen read with capture-pane, the terminal resized with resize-window.
/// </summary>
[IntegrationTest]
public sealed class SshGatewayInteractiveTests : SshGatewayTestBase
{
    private const string Session = "gw";

    [Fact]
    public async Task ShellInATerminal_RunsWhatIsTyped_FollowsTheTerminalsSize_AndEndsOnExit()
    {
        var (owner, ownerUser) = await StorageApi.NewUserAsync(Silo, Admin);
        var key = await SshTestKeys.NewAsync(WorkDirectory, "terminal");
        var keyId = await SshTestKeys.AddAsync(owner, key);
        var created = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("tty"), allowedKeys = new[] { keyId } });
        var running = await ComputeApi.WaitRunningAsync(owner, created.Id);
        var login = $"{ownerUser.Username}.{running.Name}";
        await WaitForLoginAsync(key, login);

        var socket = Path.Combine(WorkDirectory, "tmux");
        var ssh = string.Join(' ', ["ssh", "-tt", .. SshOptions(key), $"{login}@127.0.0.1"]);
        try
        {
            // No status line: the pane is the whole window, so the pty has the window's size.
            var config = Path.Combine(WorkDirectory, "tmux.conf");
            await File.WriteAllTextAsync(config, "set -g status off\n");
            await TmuxAsync(socket, "-f", config, "new-session", "-d", "-s", Session, "-x", "100", "-y", "30", ssh);
            await ApiAssert.EventuallyAsync(async () =>
            {
                await TypeAsync(socket, "echo ready-$((1+1))");
                await Task.Delay(500);
                return (await CaptureAsync(socket)).Contains("ready-2", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(60), "the shell answers");

            // What is typed runs in the container: only the command's output has the product, the typed line has the sum.
            await TypeAsync(socket, "echo typed-$((6*7))-$(hostname)");
            await ScreenShowsAsync(socket, $"typed-42-{running.Id:N}", "a typed command's output");
            await TypeAsync(socket, "echo \"size:$(stty size)\"");
            await ScreenShowsAsync(socket, "size:30 100", "the pty's size at login");

            // The terminal grows: ssh sends window-change, the gateway passes it on, the shell's pty follows.
            await TmuxAsync(socket, "resize-window", "-t", Session, "-x", "120", "-y", "40");
            await ApiAssert.EventuallyAsync(async () =>
            {
                await TypeAsync(socket, "echo \"size:$(stty size)\"");
                await Task.Delay(300);
                return (await CaptureAsync(socket)).Contains("size:40 120", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(60), "the pty's size after the terminal was resized");

            // Ctrl-C reaches the foreground program in the container, and the shell goes on. The program says when it
            // runs (as the foreground job, which then becomes sleep): a Ctrl-C sent before that could reach the shell
            // while it starts the job, and leave sleep running.
            await TypeAsync(socket, "sh -c 'echo sleeping-$((3+4)); exec sleep 600'");
            await ScreenShowsAsync(socket, "sleeping-7", "the foreground program started");
            await TmuxAsync(socket, "send-keys", "-t", Session, "C-c");
            await TypeAsync(socket, "echo after-$((2+3))");
            await ScreenShowsAsync(socket, "after-5", "the shell after Ctrl-C");

            // exit ends the shell, ssh and with it the pane's only program.
            await TypeAsync(socket, "exit");
            await ApiAssert.EventuallyAsync(async () => (await ExternalTool.RunAsync("tmux", ["-S", socket, "has-session", "-t", Session], TimeSpan.FromSeconds(10))).ExitCode != 0,
                TimeSpan.FromSeconds(60), "the session ends after exit");
        }
        finally
        {
            await ExternalTool.RunAsync("tmux", ["-S", socket, "kill-server"], TimeSpan.FromSeconds(10));
        }
    }

    private static async Task TmuxAsync(string socket, params string[] arguments)
    {
        var (code, _, error) = await ExternalTool.RunAsync("tmux", ["-S", socket, .. arguments], TimeSpan.FromSeconds(10));
        Assert.True(code == 0, $"tmux {arguments[0]}: {error}");
    }

    private static Task TypeAsync(string socket, string line) => TmuxAsync(socket, "send-keys", "-t", Session, "-l", line + "\r");

    private static async Task<string> CaptureAsync(string socket)
    {
        var (code, output, error) = await ExternalTool.RunAsync("tmux", ["-S", socket, "capture-pane", "-p", "-t", Session], TimeSpan.FromSeconds(10));
        Assert.True(code == 0, $"tmux capture-pane: {error}");
        return output;
    }

    private static async Task ScreenShowsAsync(string socket, string text, string what)
    {
        var screen = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            screen = await CaptureAsync(socket);
            if (screen.Contains(text, StringComparison.Ordinal))
                return;
            await Task.Delay(200);
        }

        Assert.Fail($"{what}: the screen never showed '{text}'. It shows:\n{screen}");
    }
}
