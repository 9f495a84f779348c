using System.Net;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Storage;

/// <summary>The size limit (Storage:MaxFileBytes, here 1 MB): refused before or while streaming, nothing stored, nothing reserved.</summary>
[IntegrationTest]
public sealed class StorageLimitsTests : IAsyncLifetime
{
    private const int Limit = 1_000_000;
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["EDD_STORAGE__MAX_FILE_BYTES"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FileOverTheLimit_Refused413_NothingStoredOrReserved(bool declaresLength)
    {
        using var admin = await _silo.SignInAsAdminAsync();
        var (owner, _) = await StorageApi.NewUserAsync(_silo, admin);
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        await StorageApi.PutAsync(owner, ns.Id, "exactly.bin", StorageApi.Bytes(Limit, 1));

        var content = StorageApi.Bytes(Limit + 1, 2);
        using var request = new HttpRequestMessage(HttpMethod.Put, StorageApi.FileUrl(ns.Id, "too-big.bin"))
        {
            // Without a length the body is chunked: the silo finds out while streaming.
            Content = declaresLength ? new ByteArrayContent(content) : new StreamContent(new UnknownLengthStream(content)),
        };
        using var response = await owner.SendAsync(request);

        var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "over the limit");
        Assert.Contains("MaxFileBytes", detail);
        Assert.Null(await StorageApi.TryGetAsync(owner, ns.Id, "too-big.bin"));
        var usage = await StorageApi.UsageAsync(owner);
        Assert.Equal(((long)Limit, 0L), (usage.UsedBytes, usage.ReservedBytes));
    }

    /// <summary>A readable stream that does not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
