using System.Security.Cryptography;
using System.Text;

namespace EddCloud.Grains.Compute;

/// <summary>
/// A single-use ticket for one web terminal session, keyed by the SHA-256 of the ticket (so the secret itself never
/// appears in grain ids or logs). The silo issues it to the container's owner on an authenticated, CSRF-checked
/// request; the edge redeems it when the browser opens the terminal's WebSocket. A WebSocket carries the browser's
/// cookies even when another site opens it, so the socket itself is authorized by nothing but this ticket.
/// </summary>
[Alias("edd.compute.ITerminalTicketGrain")]
public interface ITerminalTicketGrain : IGrainWithStringKey
{
    [Alias("issue")] Task IssueAsync(TerminalGrant grant);

    /// <summary>The grant, the first time within its lifetime; null after that, after expiry, or for an unknown ticket.</summary>
    [Alias("redeem")] Task<TerminalGrant?> RedeemAsync();
}

/// <summary>Who may open a terminal in which container, until when.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.terminal-grant")]
public sealed record TerminalGrant(
    [property: Id(0)] Guid ContainerId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] DateTimeOffset ExpiresAt);

public static class TerminalTickets
{
    /// <summary>How long a ticket may wait before the browser opens the socket.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>A new ticket: 256 random bits, URL-safe.</summary>
    public static string NewTicket() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The grain key of a ticket; tickets that cannot be ours (wrong length or alphabet) give null.</summary>
    public static string? GrainKey(string? ticket)
    {
        if (ticket is not { Length: 43 } || !ticket.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return null;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(ticket)));
    }
}
