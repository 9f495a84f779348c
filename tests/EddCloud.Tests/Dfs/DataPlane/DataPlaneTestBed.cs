using EddCloud.Silo.Dfs.DataPlane;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EddCloud.Tests.Dfs.DataPlane;

/// <summary>Some nodes and a coordinator's client (from <c>AddDataPlane</c>, as the silo registers it), owned by one test.</summary>
public sealed class DataPlaneTestBed : IAsyncDisposable
{
    private readonly ServiceProvider _clientServices;

    private DataPlaneTestBed(List<DataPlaneNode> nodes, ServiceProvider clientServices)
    {
        Nodes = nodes;
        _clientServices = clientServices;
        Client = clientServices.GetRequiredService<DataPlaneClient>();
    }

    public IReadOnlyList<DataPlaneNode> Nodes { get; }

    public DataPlaneNode this[int index] => Nodes[index];

    /// <summary>The coordinator's client; tokens are issued by node 0 (a silo's key), nodes verify them through the JWKS grain.</summary>
    public DataPlaneClient Client { get; }

    public DataPlaneNode Issuer => Nodes[0];

    public static async Task<DataPlaneTestBed> StartAsync(DataPlaneClusterFixture cluster, int count, Action<IDictionary<string, string?>>? settings = null)
    {
        var nodes = new List<DataPlaneNode>();
        for (var i = 0; i < count; i++)
            nodes.Add(await DataPlaneNode.StartAsync(cluster.Grains, $"node-{(char)('a' + i)}", settings));
        var clientServices = new ServiceCollection().AddLogging().AddDataPlane(new ConfigurationBuilder().Build()).BuildServiceProvider();
        return new DataPlaneTestBed(nodes, clientServices);
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async Task<ReplicaTarget[]> TargetsAsync(Guid chunkId, long version, DataPlaneAccess access, IEnumerable<DataPlaneNode>? nodes = null, long? maxLength = null) =>
        await Task.WhenAll((nodes ?? Nodes).Select(node => node.TargetAsync(Issuer, chunkId, version, access, maxLength)));

    /// <summary>Fans <paramref name="data"/> out in pieces of <paramref name="piece"/> bytes.</summary>
    public async Task<FanOutResult> WriteAsync(Guid chunkId, long version, ReadOnlyMemory<byte> data, IEnumerable<DataPlaneNode>? nodes = null, int piece = 256 * 1024, TimeSpan? stepTimeout = null)
    {
        var targets = await TargetsAsync(chunkId, version, DataPlaneAccess.Write, nodes);
        await using var writer = ChunkFanOutWriter.Start(Client, targets, stepTimeout ?? TimeSpan.FromSeconds(10), CancellationToken.None);
        for (var at = 0; at < data.Length; at += piece)
            await writer.WriteAsync(data.Slice(at, Math.Min(piece, data.Length - at)), CancellationToken.None);
        return await writer.CompleteAsync(CancellationToken.None);
    }

    public async Task CommitAsync(Guid chunkId, long version, IEnumerable<DataPlaneNode>? nodes = null)
    {
        foreach (var target in await TargetsAsync(chunkId, version, DataPlaneAccess.Manage, nodes))
            await Client.CommitAsync(target, CancellationToken.None);
    }

    /// <summary>A chunk committed on every node (or the given ones), version 1.</summary>
    public async Task<Guid> WriteCommittedAsync(byte[] data, IEnumerable<DataPlaneNode>? nodes = null)
    {
        var chunkId = Guid.NewGuid();
        var list = (nodes ?? Nodes).ToList();
        var result = await WriteAsync(chunkId, 1, data, list);
        Assert.Equal(list.Count, result.Matching.Count());
        await CommitAsync(chunkId, 1, list);
        return chunkId;
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream, int bufferSize = 100_003)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
            copy.Write(buffer, 0, read);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _clientServices.DisposeAsync();
        foreach (var node in Nodes)
            await node.DisposeAsync();
    }
}
