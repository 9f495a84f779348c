using System.Net;
using System.Runtime.CompilerServices;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Users;

/// <summary>
/// Who × endpoint: every caller kind against every row of docs/api.md, each cell its own case.
/// The expectation comes from the rule table in <see cref="AccessMatrix"/> (endpoint → policy);
/// allowed cells prove the effect happened, refused cells prove nothing changed.
/// </summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class AccessMatrixTests(SiloFixture silo, AccessMatrixFixture callers) : IClassFixture<AccessMatrixFixture>
{
    public static TheoryData<string> Cells
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in AccessMatrix.Cells.Keys)
                data.Add(name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell(string cell)
    {
        var (kind, endpoint) = AccessMatrix.Cells[cell];
        var principals = await callers.GetAsync(silo.Silo);
        var caller = endpoint.Freshness switch
        {
            CallerFreshness.FreshCredential => await principals.NewCredentialAsync(kind, principals.OwnerOf(kind)),
            CallerFreshness.FreshPrincipal => await principals.NewPrincipalAsync(kind),
            _ => principals.Shared(kind),
        };
        var context = new MatrixCell(principals, caller, cell);
        var plan = await endpoint.Arrange(context);
        var expected = AccessMatrix.Expected(kind, endpoint);

        using var request = plan.Request;
        caller.Apply(request);
        using var response = await principals.Client.SendAsync(request);

        if (expected == endpoint.Success)
        {
            await ApiAssert.StatusAsync(response, expected, cell);
            await plan.Succeeded(response);
        }
        else
        {
            // A HEAD answer carries no body, so only its status can be checked.
            if (endpoint.Method == "HEAD")
                await ApiAssert.StatusAsync(response, expected, cell);
            else
                await ApiAssert.ProblemAsync(response, expected, expected == HttpStatusCode.Unauthorized ? "unauthorized" : "forbidden", cell);
            await plan.Unchanged();
        }
    }

    /// <summary>The table itself: every row of docs/api.md (but the two sign-in calls) is there with every caller.</summary>
    [Fact]
    public void Table_HasEveryRowOfTheApiDoc_WithEveryCaller()
    {
        var documented = DocumentedEndpoints().Where(e => e is not "POST /api/auth/login" and not "POST /api/auth/token").Order().ToList();
        var tabled = AccessMatrixScenarios.Endpoints.Select(e => e.ToString()).Order().ToList();

        Assert.Equal(documented, tabled);
        Assert.Equal(8, AccessMatrix.Callers.Count);
        Assert.Equal(AccessMatrix.Callers.Count * AccessMatrixScenarios.Endpoints.Count, AccessMatrix.Cells.Count);
        Assert.All(AccessMatrixScenarios.Endpoints.Where(e => e.Policy != AccessPolicy.Public),
            e => Assert.Equal(HttpStatusCode.Unauthorized, AccessMatrix.Expected(AccessMatrix.Anonymous, e)));
    }

    /// <summary>"METHOD /path" for each row of the endpoint table in docs/api.md (query strings dropped, "/a, /b" split).</summary>
    private static IEnumerable<string> DocumentedEndpoints([CallerFilePath] string thisFile = "")
    {
        var doc = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "docs", "api.md"));
        foreach (var line in File.ReadLines(doc))
        {
            // Storage rows depend on each namespace's visibility: StorageAccessMatrixTests covers them.
            if (line.StartsWith("## Storage", StringComparison.Ordinal))
                yield break;
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 4 || cells[1] is not ("GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE"))
                continue;
            foreach (var path in cells[2].Split(',', StringSplitOptions.TrimEntries))
                yield return $"{cells[1]} {path.Split('?')[0]}";
        }
    }
}
