using EddCloud.Grains.Compute;
using EddCloud.Grains.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EddCloud.Silo.Compute;

public static partial class ComputeEndpoints
{
    private static void MapTerminal(RouteGroupBuilder containers)
    {
        containers.MapPost("/{id:guid}/terminal", OpenTerminalAsync).WithName("OpenContainerTerminal")
            .WithSummary("A single-use ticket (30 s) for a shell in the container: open the returned WebSocket path on the edge with it.");
        containers.MapGet("/{id:guid}/terminal/ws", TerminalWithoutEdge).WithName("ContainerTerminalWebSocket")
            .WithSummary("Served by the edge (which holds the SSH client); a silo reached directly explains that.");
    }

    /// <summary>
    /// Only the owner gets a shell (a session, or a token with containers:write): admins manage other people's
    /// containers but do not enter them, as they do not read other people's files.
    /// </summary>
    private static async Task<Created<TerminalTicketResponse>> OpenTerminalAsync(HttpContext context, Guid id, IGrainFactory grains, TimeProvider time)
    {
        var caller = CallerOf(context);
        var info = await DemandAsync(caller, grains, id, changes: true);
        if (info.OwnerId != caller.UserId)
            throw EddException.Forbidden("Only the container's owner can open a terminal in it; admins manage containers but do not enter them.");
        if (info.Status != ContainerStatus.Running)
            throw EddException.Conflict($"Container '{info.Name}' is {info.Status.ToString().ToLowerInvariant()}; start it, then open the terminal.");

        var ticket = TerminalTickets.NewTicket();
        var expires = time.GetUtcNow() + TerminalTickets.Lifetime;
        await grains.GetGrain<ITerminalTicketGrain>(TerminalTickets.GrainKey(ticket)!).IssueAsync(new TerminalGrant(id, caller.UserId, expires));
        var path = $"/api/containers/{id}/terminal/ws?ticket={ticket}";
        return TypedResults.Created(path, new TerminalTicketResponse(ticket, path, expires));
    }

    private static IResult TerminalWithoutEdge() => throw new EddException(ErrorCodes.Unavailable,
        "The web terminal is served by the edge: open the dashboard through the edge's https:// address (run.sh prints it), not the silo's own port.");
}
