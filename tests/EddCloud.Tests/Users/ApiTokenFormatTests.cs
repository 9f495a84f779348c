using EddCloud.Silo.Users.Tokens;

namespace EddCloud.Tests.Users;

public sealed class ApiTokenFormatTests
{
    [Fact]
    public void Create_ThenParse_GivesTheIdsAndTheStoredHash()
    {
        var userId = Guid.NewGuid();
        var tokenId = Guid.NewGuid();
        var (token, hash) = ApiTokenFormat.Create(userId, tokenId);

        Assert.True(ApiTokenFormat.TryParse(token, out var parsedUser, out var parsedToken, out var parsedHash));
        Assert.Equal(userId, parsedUser);
        Assert.Equal(tokenId, parsedToken);
        Assert.Equal(hash, parsedHash);
        Assert.DoesNotContain(Convert.ToHexStringLower(hash), token, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("edd_pat_")]
    [InlineData("pat_00000000000000000000000000000000_00000000000000000000000000000000_" + "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("edd_pat_nothex_00000000000000000000000000000000_0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("edd_pat_00000000000000000000000000000000_00000000000000000000000000000000_short")]
    [InlineData("edd_pat_00000000000000000000000000000000_00000000000000000000000000000000_0000000000000000000000000000000000000000000000000000000000000000_extra")]
    public void TryParse_Malformed_False(string token) =>
        Assert.False(ApiTokenFormat.TryParse(token, out _, out _, out _));
}
