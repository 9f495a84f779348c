using System.IO.Hashing;
using EddCloud.Silo.Dfs.Disks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EddCloud.Tests.Dfs.Disks;

/// <summary>A temporary directory holding one test's chunk disks; deleted afterwards.</summary>
internal sealed class ChunkStoreSandbox : IDisposable
{
    public const int Block = DfsStorageOptions.BlockSize;

    public string Root { get; } = Directory.CreateTempSubdirectory("edd-chunk-store-").FullName;

    public string DiskPath(int index) => Path.Combine(Root, $"disk{index}");

    /// <summary>A store over disks 0..<paramref name="disks"/>-1 of this sandbox, with no free-space reserve.</summary>
    public FileChunkStore Open(int disks = 1, ILogger<FileChunkStore>? logger = null) =>
        OpenAt([.. Enumerable.Range(0, disks).Select(DiskPath)], logger);

    public static FileChunkStore OpenAt(IEnumerable<string> directories, ILogger<FileChunkStore>? logger = null, long reserveBytes = 0)
    {
        var options = new DfsStorageOptions { ReserveBytes = reserveBytes };
        foreach (var directory in directories)
            options.ChunkDirectories.Add(directory);
        return new FileChunkStore(Options.Create(options), logger ?? NullLogger<FileChunkStore>.Instance);
    }

    /// <summary>Where docs/dfs.md puts a committed replica.</summary>
    public string CommittedPath(int disk, Guid chunkId, long version)
    {
        var id = chunkId.ToString("N");
        return Path.Combine(DiskPath(disk), "chunks", id[..2], $"{id}.{version}.chunk");
    }

    public string StagingPath(int disk) => Path.Combine(DiskPath(disk), "staging");

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static uint Crc(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail the test that made it.
        }
    }
}
