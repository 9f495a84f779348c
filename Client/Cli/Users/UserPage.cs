namespace EddCloud.Cli.Users;

/// <summary>One keyset page of users; pass <see cref="Next"/> as <c>after</c> for the next page.</summary>
public sealed record UserPage(IReadOnlyList<User> Items, string? Next);
