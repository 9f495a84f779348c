namespace EddCloud.Ssh.Protocol;

/// <summary>The clear-text packets before the first NEWKEYS.</summary>
internal sealed class NonePacketCipher : SshPacketCipher
{
    public static readonly NonePacketCipher Instance = new();

    public override int BlockSize => 8;

    public override int TagLength => 0;

    public override bool AlignsWithoutLength => false;

    public override void Seal(uint sequence, Span<byte> frame, Span<byte> tag) { }

    public override void Open(uint sequence, Span<byte> frame, ReadOnlySpan<byte> tag) { }
}
