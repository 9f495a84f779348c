using System.Net.Sockets;
using System.Text;

namespace EddCloud.Tests.Dfs.DataPlane;

/// <summary>Sends a request line exactly as written (HttpClient would normalise "../" away before it left the process).</summary>
internal static class RawRequest
{
    public static async Task<int> SendAsync(Uri server, string requestLine, string token, byte[] body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        var head = $"{requestLine} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\n"
            + $"Content-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync() ?? throw new IOException($"no answer to '{requestLine}'");
        return int.Parse(status.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
