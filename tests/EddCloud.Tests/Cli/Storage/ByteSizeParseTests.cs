using EddCloud.Cli.Transfers;

namespace EddCloud.Tests.Cli.Storage;

/// <summary>Sizes as an admin types them for <c>edd admin quota --max-bytes</c>.</summary>
public sealed class ByteSizeParseTests
{
    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("512 B", 512L)]
    [InlineData("10GiB", 10L * 1024 * 1024 * 1024)]
    [InlineData("10 gib", 10L * 1024 * 1024 * 1024)]
    [InlineData("1.5MiB", 1572864L)]
    [InlineData("2G", 2L * 1024 * 1024 * 1024)]
    [InlineData("1TB", 1_000_000_000_000L)]
    [InlineData("0", 0L)]
    public void Parse_SizesPeopleType_GivesBytes(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-5GiB")]
    [InlineData("10 XB")]
    [InlineData("GiB")]
    [InlineData("99999999999 PiB")]
    public void Parse_NotASize_GivesNull(string text) => Assert.Null(ByteSize.Parse(text));
}
