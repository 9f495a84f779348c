namespace EddCloud.Ssh.Protocol;

/// <summary>The fields of a "pty-req" channel request (RFC 4254 §6.2); modes are kept encoded.</summary>
public sealed record SshPtyRequest(string Term, uint Columns, uint Rows, uint WidthPixels, uint HeightPixels, byte[] Modes);
