using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace EddCloud.Tests.Hosting;

/// <summary>The tests' own network namespaces and the bridge that lets a program inside reach one port of this host.</summary>
[IntegrationTest]
public sealed class NetworkNamespaceTests
{
    [Fact]
    public async Task Bridge_CarriesBytesBothWays_WithHalfClose_AndOnlyToTheBridgedPort()
    {
        using var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        var port = ((IPEndPoint)echo.LocalEndpoint).Port;
        using var unbridged = new TcpListener(IPAddress.Loopback, 0);
        unbridged.Start();
        var unbridgedPort = ((IPEndPoint)unbridged.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var client = await echo.AcceptTcpClientAsync();
            var stream = client.GetStream();
            await stream.CopyToAsync(stream); // until the other side's half-close
            client.Client.Shutdown(SocketShutdown.Send);
        });

        string name;
        await using (var space = await NetworkNamespace.CreateAsync())
        {
            name = space.Name;
            Assert.Contains(name, await ListNamespacesAsync());
            await using var bridge = LoopbackBridge.Start(space, [port]);
            using var inside = space.Inside(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            using var stray = space.Inside(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

            var refused = await Assert.ThrowsAsync<SocketException>(() => stray.ConnectAsync(new IPEndPoint(IPAddress.Loopback, unbridgedPort), timeout.Token).AsTask());
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
            Assert.False(unbridged.Pending());

            await inside.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            var sent = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
            var receiving = ReadToEndAsync(inside, timeout.Token);
            await inside.SendAsync(sent, SocketFlags.None, timeout.Token);
            inside.Shutdown(SocketShutdown.Send);
            Assert.Equal(SHA256.HashData(sent), SHA256.HashData(await receiving));
            await serving.WaitAsync(timeout.Token);
        }

        Assert.DoesNotContain(name, await ListNamespacesAsync());
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket, CancellationToken cancellation)
    {
        using var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellation)) > 0)
            all.Write(buffer, 0, read);
        return all.ToArray();
    }

    private static async Task<string> ListNamespacesAsync() =>
        (await ExternalTool.RunAsync("ip", ["netns", "list"], TimeSpan.FromSeconds(30))).Output;
}
