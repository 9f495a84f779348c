using System.Net;
using EddCloud.Tests.Events;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Dfs;

/// <summary>
/// Three silo processes (three nodes, each with its own chunk directory) on one PostgreSQL and one
/// NATS, on loopback: replication, reads through another node, a node killed with SIGKILL during
/// an upload, and a corrupted replica.
/// </summary>
public sealed class DfsClusterTests : IClassFixture<PostgresFixture>, IClassFixture<NatsServerFixture>, IAsyncLifetime
{
    private const int ChunkSize = 1024 * 1024;
    private readonly PostgresFixture _postgres;
    private readonly NatsServerFixture _nats;
    private readonly List<SiloProcess> _nodes = [];

    public DfsClusterTests(PostgresFixture postgres, NatsServerFixture nats)
    {
        _postgres = postgres;
        _nats = nats;
    }

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["EDD_CLUSTER__MODE"] = "cluster",
            ["EDD_CLUSTER__POSTGRES"] = await _postgres.CreateDatabaseAsync(),
            ["EDD_CLUSTER__CLUSTER_ID"] = "dfs-" + Guid.NewGuid().ToString("N")[..8],
            ["EDD_CLUSTER__ADVERTISED_ADDRESS"] = "127.0.0.1",
            ["EDD_NATS__URL"] = _nats.Url,
            ["EDD_DFS__CHUNK_SIZE"] = ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EDD_DFS__RESERVE_BYTES"] = "0",
            ["EDD_DFS__STEP_TIMEOUT"] = "00:00:05",
        };
        // The first node creates the schema and the admin; the others join it.
        _nodes.Add(await SiloProcess.StartAsync(settings));
        _nodes.AddRange(await Task.WhenAll(SiloProcess.StartAsync(settings), SiloProcess.StartAsync(settings)));
        using var admin = await _nodes[0].SignInAsAdminAsync();
        await ApiAssert.EventuallyAsync(async () => (await admin.GetStringAsync("/api/dfs/status")).Split("\"alive\":true").Length - 1 == 3,
            TimeSpan.FromSeconds(30), "all three nodes reporting alive");
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
    }

    [Fact]
    public async Task Put_ThreeNodes_EveryChunkOnThreeNodes_ReadThroughAnotherNodeIdentical()
    {
        using var writer = await _nodes[0].SignInAsAdminAsync();
        using var reader = await _nodes[2].SignInAsAdminAsync();
        const long size = 8L * ChunkSize + 1234;

        var put = await DfsTestFiles.PutAsync(writer, "/replicated.bin", DfsTestFiles.Generate(size, 7), size);

        await ApiAssert.StatusAsync(put, HttpStatusCode.Created, "put on node 1");
        var written = await DfsTestFiles.ReadWriteAsync(put);
        Assert.Equal(3, written.Replicas);
        Assert.False(written.UnderReplicated);
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, 7)), await DfsTestFiles.GetSha256Async(reader, "/replicated.bin"));
        foreach (var node in _nodes)
            Assert.Equal(9, CommittedReplicaFiles(node).Count);
    }

    [Fact]
    public async Task KillNineOneNode_DuringUpload_UploadSucceedsAndReadsBackIdentical()
    {
        using var writer = await _nodes[0].SignInAsAdminAsync();
        const long size = 64L * ChunkSize;
        var victim = _nodes[1];
        var throttled = new KillAfterStream(DfsTestFiles.Generate(size, 11), killAt: size / 3, victim);

        var put = await DfsTestFiles.PutAsync(writer, "/survivor.bin", throttled, size);

        await ApiAssert.StatusAsync(put, HttpStatusCode.Created, "upload with a node killed a third of the way");
        Assert.True(throttled.Killed, "the node was killed during the upload");
        var written = await DfsTestFiles.ReadWriteAsync(put);
        Assert.True(written.Replicas >= 2, $"every chunk kept a quorum; the fewest replicas were {written.Replicas}");
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, 11)), await DfsTestFiles.GetSha256Async(writer, "/survivor.bin"));
    }

    [Fact]
    public async Task FlippedByteInOneReplica_ReadStillCorrect()
    {
        using var admin = await _nodes[0].SignInAsAdminAsync();
        const long size = 3L * ChunkSize;
        await DfsTestFiles.PutAsync(admin, "/flip.bin", DfsTestFiles.Generate(size, 21), size);
        var expected = await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, 21));

        // Corrupt every replica on the node that serves reads first (the local one), one byte each.
        foreach (var file in CommittedReplicaFiles(_nodes[0]))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
            stream.Position = 1000;
            var b = stream.ReadByte();
            stream.Position = 1000;
            stream.WriteByte((byte)(b ^ 0x40));
        }

        // A range from chunk 1 into chunk 2, whose local replica fails at byte 1000: exact bytes from the next replica.
        var source = new byte[size];
        await DfsTestFiles.Generate(size, 21).ReadExactlyAsync(source);
        using (var range = new HttpRequestMessage(HttpMethod.Get, "/api/dfs/files/flip.bin"))
        {
            range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(ChunkSize - 10, ChunkSize + 5000);
            using var partial = await admin.SendAsync(range);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(source.AsSpan(ChunkSize - 10, 5011).ToArray(), await partial.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(expected, await DfsTestFiles.GetSha256Async(admin, "/flip.bin"));
        // The bad replicas were taken out of the read set: a second read does not touch them.
        Assert.Equal(expected, await DfsTestFiles.GetSha256Async(admin, "/flip.bin"));
        Assert.Contains("taken out of service", string.Join('\n', _nodes.Select(n => n.Output)), StringComparison.Ordinal);
    }

    private static List<string> CommittedReplicaFiles(SiloProcess node)
    {
        var chunks = Path.Combine(node.DataDirectory, "chunks");
        return Directory.Exists(chunks)
            ? Directory.GetFiles(chunks, "*.chunk", SearchOption.AllDirectories).Where(f => !f.Contains("staging", StringComparison.Ordinal)).ToList()
            : [];
    }

    /// <summary>An upload body that kills a node with SIGKILL once <paramref name="killAt"/> bytes were sent.</summary>
    private sealed class KillAfterStream(Stream inner, long killAt, SiloProcess victim) : Stream
    {
        private long _sent;
        public bool Killed { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!Killed && _sent >= killAt)
            {
                await victim.KillAsync();
                Killed = true;
            }
            var n = await inner.ReadAsync(buffer, cancellationToken);
            _sent += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => _sent; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
