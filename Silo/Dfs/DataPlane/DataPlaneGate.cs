using EddCloud.Grains.Errors;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>
/// What every data-plane request goes through: the bearer token must be a valid data-plane token
/// for exactly this chunk, version, node and access. Also reports corruption.
/// </summary>
internal sealed class DataPlaneGate(DataPlaneTokens tokens, IOptions<EddOptions> edd, ICorruptionReporter reporter, ILoggerFactory loggers)
{
    public ILogger Logger { get; } = loggers.CreateLogger(DataPlaneLog.Category);

    public string NodeName => edd.Value.NodeName;

    /// <summary>The grant, or the 401/403 answer to send instead (nothing else has happened yet).</summary>
    public async Task<(DataPlaneGrant? Grant, IResult? Refusal)> AuthorizeAsync(HttpContext context, Guid chunkId, long version, DataPlaneAccess access)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (null, Refuse(context, chunkId, version, StatusCodes.Status401Unauthorized, "no bearer token",
                "This endpoint needs 'Authorization: Bearer <data-plane token>'; data-plane tokens come from the chunk's grain."));
        var grant = await tokens.VerifyAsync(header["Bearer ".Length..].Trim());
        if (grant is null)
            return (null, Refuse(context, chunkId, version, StatusCodes.Status401Unauthorized, "invalid or expired token",
                "The bearer token is not a valid, unexpired data-plane token (session and API tokens are not); ask the chunk's grain for a new one."));
        if (grant.ChunkId != chunkId || grant.Version != version)
            return (null, Refuse(context, chunkId, version, StatusCodes.Status403Forbidden, "token for another chunk version",
                "The token was issued for another chunk or version than the one in the URL; use the token issued for this replica."));
        if (!string.Equals(grant.NodeName, NodeName, StringComparison.Ordinal))
            return (null, Refuse(context, chunkId, version, StatusCodes.Status403Forbidden, "token for another node",
                $"The token was issued for node '{grant.NodeName}', but this is node '{NodeName}'; send it to the node it names."));
        if (grant.Access != access)
            return (null, Refuse(context, chunkId, version, StatusCodes.Status403Forbidden, "token for another access",
                $"The token allows {grant.Access.ToString().ToLowerInvariant()}, but this request needs {access.ToString().ToLowerInvariant()}; ask for a token with that access."));
        return (grant, null);
    }

    public async Task ReportCorruptionAsync(Guid chunkId, long version, string reason)
    {
        DataPlaneLog.CorruptionFound(Logger, chunkId, version, NodeName, reason);
        try
        {
            await reporter.ReportAsync(chunkId, version, NodeName, reason);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A lost report is found again by the next read or the scrubber; the client must still get its answer.
            DataPlaneLog.CorruptionReportFailed(Logger, chunkId, version, e);
        }
    }

    public static IResult Problem(int status, string code, string detail) => TypedResults.Problem(Problems.Create(status, code, detail));

    private IResult Refuse(HttpContext context, Guid chunkId, long version, int status, string reason, string detail)
    {
        DataPlaneLog.RequestRefused(Logger, context.Request.Method, chunkId, version, reason);
        if (status == StatusCodes.Status401Unauthorized)
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"eddcloud-dfs\", error=\"invalid_token\"";
        return Problem(status, status == StatusCodes.Status401Unauthorized ? ErrorCodes.Unauthorized : ErrorCodes.Forbidden, detail);
    }
}
