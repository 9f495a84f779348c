using System.Collections.Concurrent;
using EddCloud.Silo.Dfs.DataPlane;

namespace EddCloud.Tests.Dfs.DataPlane;

[Collection(DataPlaneClusterCollection.Name)]
public sealed class ChunkReadStreamTests(DataPlaneClusterFixture cluster)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Read_ServingNodeKilledMidStream_ContinuesOnNextReplicaWithExactBytes()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 3);
        var data = DataPlaneTestBed.RandomBytes(64 * 1024 * 1024, seed: 10);
        var chunkId = await bed.WriteCommittedAsync(data);
        var failures = new ConcurrentQueue<(string Node, string Reason)>();
        var targets = await bed.TargetsAsync(chunkId, 1, DataPlaneAccess.Read);

        await using var stream = new ChunkReadStream(bed.Client, targets, 0, data.Length, Step, (t, reason) => failures.Enqueue((t.NodeName, reason)));
        var copy = new byte[data.Length];
        var at = 0;
        while (at < 3 * 1024 * 1024)
            at += await stream.ReadAsync(copy.AsMemory(at, 64 * 1024));
        await bed[0].KillAsync();
        int read;
        while ((read = await stream.ReadAsync(copy.AsMemory(at, Math.Min(77_777, copy.Length - at)))) > 0)
            at += read;

        Assert.Equal(data.Length, at);
        Assert.True(data.AsSpan().SequenceEqual(copy), "the bytes read across the failover differ from the source");
        var failure = Assert.Single(failures);
        Assert.Equal(bed[0].Name, failure.Node);
        Assert.Equal(bed[1].Name, stream.CurrentReplica?.NodeName);
    }

    [Fact]
    public async Task Read_ByteFlippedInServingReplica_AbortsThereAndFailsOverWithExactBytes()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 2);
        var data = DataPlaneTestBed.RandomBytes(20 * 1024 * 1024, seed: 11);
        var chunkId = await bed.WriteCommittedAsync(data);
        FlipByte(bed[0].ReplicaFile(chunkId, 1), 13 * 1024 * 1024 + 7);
        var failures = new ConcurrentQueue<(string Node, string Reason)>();
        var targets = await bed.TargetsAsync(chunkId, 1, DataPlaneAccess.Read);

        await using var stream = new ChunkReadStream(bed.Client, targets, 1000, data.Length - 1000, Step, (t, reason) => failures.Enqueue((t.NodeName, reason)));
        var copy = await DataPlaneTestBed.ReadAllAsync(stream);

        Assert.True(data.AsSpan(1000).SequenceEqual(copy), "the bytes read across the failover differ from the source");
        Assert.Equal(bed[0].Name, Assert.Single(failures).Node);
        var report = Assert.Single(bed[0].Corruption.Reports);
        Assert.Equal((chunkId, 1L, bed[0].Name), (report.ChunkId, report.Version, report.NodeName));
    }

    [Fact]
    public async Task Read_FirstBlockCorrupt_Answers409ChunkCorruptAndReports()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var data = DataPlaneTestBed.RandomBytes(300_000, seed: 12);
        var chunkId = await bed.WriteCommittedAsync(data);
        FlipByte(bed[0].ReplicaFile(chunkId, 1), 10);
        var target = await bed[0].TargetAsync(bed.Issuer, chunkId, 1, DataPlaneAccess.Read);

        var error = await Assert.ThrowsAsync<DataPlaneException>(() => bed.Client.OpenReadAsync(target, 0, data.Length, CancellationToken.None));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal(DataPlaneEndpoints.ChunkCorruptCode, error.Code);
        Assert.Single(bed[0].Corruption.Reports);
        var check = await bed.Client.VerifyAsync(await bed[0].TargetAsync(bed.Issuer, chunkId, 1, DataPlaneAccess.Manage), CancellationToken.None);
        Assert.Equal([0], check.BadBlocks);
    }

    [Fact]
    public async Task Read_AllReplicasFail_ThrowsIOExceptionNamingEach()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 2);
        var data = DataPlaneTestBed.RandomBytes(200_000, seed: 13);
        var chunkId = await bed.WriteCommittedAsync(data);
        FlipByte(bed[0].ReplicaFile(chunkId, 1), 5);
        await bed[1].KillAsync();
        var failures = new List<string>();
        var targets = await bed.TargetsAsync(chunkId, 1, DataPlaneAccess.Read);

        await using var stream = new ChunkReadStream(bed.Client, targets, 0, data.Length, Step, (t, _) => failures.Add(t.NodeName));
        var error = await Assert.ThrowsAsync<IOException>(() => DataPlaneTestBed.ReadAllAsync(stream));

        Assert.Contains(bed[0].Name, error.Message, StringComparison.Ordinal);
        Assert.Contains(bed[1].Name, error.Message, StringComparison.Ordinal);
        Assert.Equal([bed[0].Name, bed[1].Name], failures);
    }

    [Fact]
    public async Task Read_ReplicaWithoutTheChunk_SkippedForTheNextOne()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 2);
        var data = DataPlaneTestBed.RandomBytes(150_000, seed: 14);
        var chunkId = await bed.WriteCommittedAsync(data, [bed[1]]);
        var failures = new List<string>();
        var targets = await bed.TargetsAsync(chunkId, 1, DataPlaneAccess.Read);

        await using var stream = new ChunkReadStream(bed.Client, targets, 0, data.Length, Step, (_, reason) => failures.Add(reason));

        Assert.Equal(data, await DataPlaneTestBed.ReadAllAsync(stream));
        Assert.Contains("404", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ReplicaOpenedOutsideTheDataPlaneFailsMidStream_NextReplicaContinuesAtTheExactByte()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 2);
        var data = DataPlaneTestBed.RandomBytes(5 * 1024 * 1024, seed: 15);
        var chunkId = await bed.WriteCommittedAsync(data);
        var targets = await bed.TargetsAsync(chunkId, 1, DataPlaneAccess.Read);
        var opened = new List<(string Node, long Offset, long Length)>();
        var failures = new List<string>();
        // The first replica stands for this node's own, opened straight from a store: it breaks after 1 MiB + 5 bytes.
        async Task<Stream> Open(ReplicaTarget replica, long offset, long length, CancellationToken ct)
        {
            opened.Add((replica.NodeName, offset, length));
            var stream = await bed.Client.OpenReadAsync(replica, offset, length, ct);
            return replica == targets[0] ? new BreaksAfterStream(stream, (1024 * 1024) + 5) : stream;
        }

        await using var stream = new ChunkReadStream(bed.Client, targets, 1000, data.Length - 1000, Step, (t, _) => failures.Add(t.NodeName), Open);
        var copy = await DataPlaneTestBed.ReadAllAsync(stream, bufferSize: 1024 * 1024);

        Assert.True(data.AsSpan(1000).SequenceEqual(copy), "the bytes read across the failover differ from the source");
        Assert.Equal([bed[0].Name], failures);
        Assert.Equal([(bed[0].Name, 1000L, data.Length - 1000L), (bed[1].Name, 1000L + (1024 * 1024) + 5, data.Length - 1000L - (1024 * 1024) - 5)], opened);
    }

    /// <summary>Hands out <paramref name="good"/> bytes of the inner stream, then fails as a dying disk or node would.</summary>
    private sealed class BreaksAfterStream(Stream inner, long good) : Stream
    {
        private long _given;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_given == good)
                throw new IOException("the replica broke");
            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, good - _given)], cancellationToken);
            _given += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _given; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }

    internal static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x5A));
    }
}
