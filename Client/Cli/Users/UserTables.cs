using EddCloud.Cli.Terminal;

namespace EddCloud.Cli.Users;

/// <summary>Human output for users, sessions and tokens.</summary>
public static class UserTables
{
    public static void WriteUsers(TextWriter writer, IEnumerable<User> users)
    {
        var table = new TableWriter("ID", "USERNAME", "ROLE", "CREATED");
        foreach (var user in users)
        {
            table.AddRow(user.Id, user.Username, user.Role, TableWriter.Time(user.CreatedAt));
        }

        table.WriteTo(writer);
    }

    public static void WriteUser(TextWriter writer, User user)
    {
        var table = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
        table.AddRow("id", user.Id);
        table.AddRow("username", user.Username);
        table.AddRow("role", user.Role);
        table.AddRow("created", TableWriter.Time(user.CreatedAt));
        table.WriteTo(writer);
    }

    public static void WriteSessions(TextWriter writer, IEnumerable<Session> sessions)
    {
        var table = new TableWriter("ID", "CURRENT", "CREATED", "LAST SEEN", "EXPIRES", "IP", "CLIENT");
        foreach (var s in sessions)
        {
            table.AddRow(s.Id, s.Current ? "*" : "", TableWriter.Time(s.CreatedAt), TableWriter.Time(s.LastSeenAt), TableWriter.Time(s.ExpiresAt), s.Ip, s.UserAgent);
        }

        table.WriteTo(writer);
    }

    public static void WriteTokens(TextWriter writer, IEnumerable<ApiToken> tokens)
    {
        var table = new TableWriter("ID", "NAME", "SCOPES", "CREATED", "EXPIRES", "LAST USED");
        foreach (var t in tokens)
        {
            table.AddRow(t.Id, t.Name, string.Join(',', t.Scopes), TableWriter.Time(t.CreatedAt), TableWriter.Time(t.ExpiresAt), TableWriter.Time(t.LastUsedAt));
        }

        table.WriteTo(writer);
    }
}
