using System.Collections.Concurrent;
using EddCloud.Silo.Dfs.DataPlane;
using EddCloud.Silo.Dfs.Disks;
using EddCloud.Silo.Hosting;
using EddCloud.Silo.Users.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EddCloud.Tests.Dfs.DataPlane;

/// <summary>
/// One "silo" for data-plane tests: a real Kestrel on 127.0.0.1 (free port, the silo's 1 MiB global
/// body limit) with the data-plane endpoints over a real <see cref="FileChunkStore"/> in its own directory.
/// </summary>
public sealed class DataPlaneNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private DataPlaneNode(string name, string directory, WebApplication app, StoreSwitch store, RecordingCorruptionReporter corruption)
    {
        Name = name;
        Directory = directory;
        _app = app;
        Switch = store;
        Corruption = corruption;
    }

    public string Name { get; }

    public string Directory { get; }

    public Uri BaseUri { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public IChunkStore Store => Switch.Inner;

    /// <summary>Lets a test make this node's store stall.</summary>
    public StoreSwitch Switch { get; }

    public RecordingCorruptionReporter Corruption { get; }

    /// <summary>The distinct connections that carried requests to this node.</summary>
    public ConcurrentDictionary<string, int> Connections { get; } = new();

    public DataPlaneTokens Tokens => Services.GetRequiredService<DataPlaneTokens>();

    public static async Task<DataPlaneNode> StartAsync(IGrainFactory grains, string name, Action<IDictionary<string, string?>>? settings = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("edd-dp-").FullName;
        var config = new Dictionary<string, string?>
        {
            ["DataDirectory"] = Path.Combine(directory, "data"),
            ["NodeName"] = name,
        };
        settings?.Invoke(config);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = HostingExtensions.MaxJsonBodyBytes);
        builder.Services.AddOptions<EddOptions>().Bind(builder.Configuration);
        builder.Services.AddSingleton(grains);
        var fileStore = new FileChunkStore(
            Options.Create(new DfsStorageOptions { ChunkDirectories = { Path.Combine(directory, "disk0") }, ReserveBytes = 0 }),
            NullLogger<FileChunkStore>.Instance);
        var storeSwitch = new StoreSwitch(fileStore);
        builder.Services.AddSingleton<IChunkStore>(storeSwitch);
        var corruption = new RecordingCorruptionReporter();
        builder.Services.AddSingleton<ICorruptionReporter>(corruption);
        builder.Services.AddDataPlane(builder.Configuration);
        var app = builder.Build();
        var node = new DataPlaneNode(name, directory, app, storeSwitch, corruption);
        app.Use((context, next) =>
        {
            node.Connections.TryAdd(context.Connection.Id, 0);
            return next(context);
        });
        app.MapDataPlaneEndpoints();
        await app.StartAsync();
        node.BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        // As SigningKeyRotation does at start-up: publish this node's key before anyone needs it.
        await app.Services.GetRequiredService<SigningKeyStore>().RotateIfDueAsync();
        return node;
    }

    public string DiskId => Store.Disks[0].Id;

    public ReplicaTarget Target(string token) => new(Name, BaseUri, DiskId, token);

    /// <summary>Issues (with this node's key) a token for <paramref name="node"/>.</summary>
    public Task<string> IssueAsync(DataPlaneNode node, Guid chunkId, long version, DataPlaneAccess access, long? maxLength = null) =>
        Tokens.IssueAsync(new DataPlaneGrant(chunkId, version, access, access == DataPlaneAccess.Write ? node.DiskId : null,
            access == DataPlaneAccess.Write ? maxLength ?? 256L * 1024 * 1024 : maxLength, node.Name));

    public async Task<ReplicaTarget> TargetAsync(DataPlaneNode issuer, Guid chunkId, long version, DataPlaneAccess access, long? maxLength = null) =>
        Target(await issuer.IssueAsync(this, chunkId, version, access, maxLength));

    /// <summary>The committed replica file of (chunk, version) on this node.</summary>
    public string ReplicaFile(Guid chunkId, long version) =>
        System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "disk0"), $"{chunkId:N}.{version}.chunk", SearchOption.AllDirectories)
            .Single(path => path.Contains($"{Path.DirectorySeparatorChar}chunks{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    public async Task<List<StoredReplica>> ReplicasAsync()
    {
        var list = new List<StoredReplica>();
        await foreach (var replica in Store.ListAsync(CancellationToken.None))
            list.Add(replica);
        return list;
    }

    /// <summary>Stops the node at once: open connections are cut, as when its process dies.</summary>
    public async Task KillAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _app.StopAsync(new CancellationToken(canceled: true));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        await _app.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class RecordingCorruptionReporter : ICorruptionReporter
{
    public ConcurrentQueue<(Guid ChunkId, long Version, string NodeName, string Reason)> Reports { get; } = new();

    public Task ReportAsync(Guid chunkId, long version, string nodeName, string reason)
    {
        Reports.Enqueue((chunkId, version, nodeName, reason));
        return Task.CompletedTask;
    }
}
