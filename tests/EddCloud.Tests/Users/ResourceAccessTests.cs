using EddCloud.Grains.Errors;
using EddCloud.Grains.Users;
using EddCloud.Silo.Users.Auth;

namespace EddCloud.Tests.Users;

/// <summary>
/// The owner-or-admin rule that Compute and Storage share, cell by cell: caller × whose resource × read or change.
/// The capabilities' access-matrix tests check the same rule through their real endpoints.
/// </summary>
public sealed class ResourceAccessTests
{
    private static readonly Guid Owner = Guid.NewGuid();
    private static readonly Guid AdminId = Guid.NewGuid();
    private static readonly Guid Stranger = Guid.NewGuid();

    public enum Who { OwnerSession, OwnerTokenRead, OwnerTokenReadWrite, OwnerTokenOtherKind, StrangerSession, AdminSession, AdminTokenRead, AdminTokenReadWrite, AdminTokenOwnKindOnly }

    private static Caller CallerOf(Who who) => who switch
    {
        Who.OwnerSession => Session(Owner, Roles.User),
        Who.OwnerTokenRead => Token(Owner, Roles.User, Scopes.ContainersRead),
        Who.OwnerTokenReadWrite => Token(Owner, Roles.User, Scopes.ContainersRead, Scopes.ContainersWrite),
        Who.OwnerTokenOtherKind => Token(Owner, Roles.User, Scopes.FilesRead, Scopes.FilesWrite),
        Who.StrangerSession => Session(Stranger, Roles.User),
        Who.AdminSession => Session(AdminId, Roles.Admin),
        Who.AdminTokenRead => Token(AdminId, Roles.Admin, Scopes.AdminRead),
        Who.AdminTokenReadWrite => Token(AdminId, Roles.Admin, Scopes.AdminRead, Scopes.AdminWrite),
        Who.AdminTokenOwnKindOnly => Token(AdminId, Roles.Admin, Scopes.ContainersRead, Scopes.ContainersWrite),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    /// <summary>The rule, written out: null = allowed, else the refusal's code.</summary>
    private static string? Expected(Who who, bool changes) => who switch
    {
        Who.OwnerSession or Who.OwnerTokenReadWrite or Who.AdminSession or Who.AdminTokenReadWrite => null,
        Who.OwnerTokenRead or Who.AdminTokenRead => changes ? ErrorCodes.Forbidden : null,
        Who.OwnerTokenOtherKind or Who.AdminTokenOwnKindOnly => ErrorCodes.Forbidden,
        Who.StrangerSession => ErrorCodes.NotFound,
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    public static TheoryData<Who, bool> Cells()
    {
        var cells = new TheoryData<Who, bool>();
        foreach (var who in Enum.GetValues<Who>())
        {
            cells.Add(who, false);
            cells.Add(who, true);
        }
        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void EveryCallerOnAUsersContainer_ReadOrChange_FollowsTheRule(Who who, bool changes)
    {
        var caller = CallerOf(who);
        var expected = Expected(who, changes);

        Assert.Equal(expected is null, ResourceAccess.Allows(caller, Owner, OwnedKind.Containers, changes));
        var refusal = Record.Exception(() => ResourceAccess.Demand(caller, Owner, OwnedKind.Containers, changes, () => EddException.NotFound("no such container")));
        Assert.Equal(expected, (refusal as EddException)?.Code);
        if (expected == ErrorCodes.Forbidden)
            Assert.Contains("lacks the scope", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Listing_OwnOrAsAdmin_OthersRefusedWith403NotHidden()
    {
        ResourceAccess.DemandList(CallerOf(Who.OwnerTokenRead), Owner, OwnedKind.Containers);
        ResourceAccess.DemandList(CallerOf(Who.AdminTokenRead), Owner, OwnedKind.Containers);

        var stranger = Assert.Throws<EddException>(() => ResourceAccess.DemandList(CallerOf(Who.StrangerSession), Owner, OwnedKind.Namespaces));
        Assert.Equal(ErrorCodes.Forbidden, stranger.Code);
        Assert.Contains("other people's namespaces", stranger.Message, StringComparison.Ordinal);
        var filesOnly = Assert.Throws<EddException>(() => ResourceAccess.DemandList(CallerOf(Who.OwnerTokenOtherKind), Owner, OwnedKind.Containers));
        Assert.Contains("'containers:read'", filesOnly.Message, StringComparison.Ordinal);
    }

    private static Caller Session(Guid id, string role) => new(id, "u", role, CredentialKind.Bearer, Guid.NewGuid(), null, []);

    private static Caller Token(Guid id, string role, params string[] scopes) => new(id, "u", role, CredentialKind.ApiToken, null, Guid.NewGuid(), [.. scopes]);
}
