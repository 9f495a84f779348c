using System.Net.Http.Json;
using System.Text.Json;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Storage;

public static class StorageAssert
{
    /// <summary>Waits until the file system holds nothing under the namespace's root (as an admin sees it).</summary>
    public static Task PurgedAsync(HttpClient admin, Guid ns, TimeSpan within) => ApiAssert.EventuallyAsync(async () =>
    {
        var listing = await admin.GetFromJsonAsync<JsonElement>($"/api/dfs/folders?path=/ns/{ns:N}&limit=10");
        return listing.GetProperty("items").GetArrayLength() == 0;
    }, within, $"the files of namespace {ns} being deleted from the file system");
}
