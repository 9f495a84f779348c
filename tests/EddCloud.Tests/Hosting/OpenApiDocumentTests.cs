using System.Text.Json;
using System.Text.Json.Nodes;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Hosting;

/// <summary>
/// The API's OpenAPI document is checked in (docs/openapi.json), so a change to the API shows
/// in review. Set EDD_UPDATE_OPENAPI=1 when running this test to rewrite the checked-in copy.
/// </summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class OpenApiDocumentTests(SiloFixture fixture)
{
    [Fact]
    public async Task OpenApiDocument_MatchesCheckedInCopy()
    {
        using var client = fixture.Silo.CreateClient();
        var served = Normalize(await client.GetStringAsync("/api/openapi.json"));
        var path = Path.Combine(Repository.Root(), "docs", "openapi.json");

        if (Environment.GetEnvironmentVariable("EDD_UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(path, served);

        Assert.True(File.Exists(path), $"{path} is missing: run this test with EDD_UPDATE_OPENAPI=1 to create it.");
        var checkedIn = Normalize(await File.ReadAllTextAsync(path));
        Assert.True(checkedIn == served, $"The API changed but {path} did not: review the change, then run this test with EDD_UPDATE_OPENAPI=1 to update it.");
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Drops what differs per run (the server address) and fixes the formatting.</summary>
    private static string Normalize(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document.Remove("servers");
        return document.ToJsonString(Indented) + "\n";
    }
}
