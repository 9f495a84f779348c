using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EddCloud.Cli.Config;
using EddCloud.Cli.Http;
using EddCloud.Cli.Terminal;

namespace EddCloud.Cli;

/// <summary>
/// One command invocation: the parsed line, the resolved server and credentials, and where
/// output goes. Created and disposed by <see cref="CommandRunner"/>.
/// </summary>
public sealed class CommandContext : IDisposable
{
    private readonly CliHost _host;
    private readonly GlobalOptions _globals;
    private readonly List<HttpClient> _clients = [];
    private CliConfig? _config;
    private bool _configLoaded;
    private Uri? _server;

    internal CommandContext(CliHost host, GlobalOptions globals, ParseResult parse)
    {
        _host = host;
        _globals = globals;
        Parse = parse;
        Store = new ConfigStore(ConfigStore.ResolveDirectory(host.Environment));
    }

    /// <summary>Output is for terminals and scripts, not HTML: keep quotes, backticks and non-ASCII readable.</summary>
    public static JsonWriterOptions RelaxedJson { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ParseResult Parse { get; }

    public ICliConsole Console => _host.Console;

    public TextWriter Out => _host.Console.Out;

    public TextWriter Error => _host.Console.Error;

    public bool Json => Parse.GetValue(_globals.Json);

    public ConfigStore Store { get; }

    public DateTimeOffset Now => _host.Time.GetUtcNow();

    /// <summary>The clock for waits and polls (tests pass their own).</summary>
    public TimeProvider Time => _host.Time;

    /// <summary>True when the credentials come from <c>EDD_TOKEN</c>, not from <c>edd login</c>.</summary>
    public bool UsesEnvironmentToken { get; private set; }

    /// <summary>What to suggest after a 401; commands like <c>login</c> replace "run `edd login`".</summary>
    public string? UnauthorizedHint { get; set; }

    /// <summary>What to suggest after a 404, e.g. which <c>ls</c> lists the valid ids.</summary>
    public string? NotFoundHint { get; set; }

    public CliConfig? Config
    {
        get
        {
            if (!_configLoaded)
            {
                _config = Store.Load();
                _configLoaded = true;
            }

            return _config;
        }
    }

    /// <summary><c>--server</c>, else <c>EDD_SERVER</c>, else the server of the last login, else the default.</summary>
    public Uri Server => _server ??= ParseServer(
        Parse.GetValue(_globals.Server) ?? NonEmpty(_host.Environment("EDD_SERVER")) ?? Config?.Server ?? GlobalOptions.DefaultServer);

    public EddApiClient Anonymous() => new(CreateHttpClient());

    /// <summary>
    /// A client carrying credentials: <c>EDD_TOKEN</c>, else the stored session, but only if that
    /// session was issued by the same server (a token is never sent to another host).
    /// </summary>
    public EddApiClient SignedIn()
    {
        var environmentToken = NonEmpty(_host.Environment("EDD_TOKEN"));
        if (environmentToken is not null)
        {
            UsesEnvironmentToken = true;
            return new EddApiClient(CreateHttpClient(), environmentToken);
        }

        var config = Config;
        if (config?.Token is null)
        {
            throw new NotSignedInException($"not signed in to {Display(Server)}", $"run `edd login{ServerFlag()}`");
        }

        if (!SameServer(config.Server, Server))
        {
            throw new NotSignedInException(
                $"not signed in to {Display(Server)} (the stored session is for {config.Server})",
                $"run `edd login{ServerFlag()}`, or drop --server/EDD_SERVER to use {config.Server}");
        }

        if (config.ExpiresAt is { } expires && expires <= Now)
        {
            throw new NotSignedInException($"the session for {config.Username} expired at {TableWriter.Time(expires)}", $"run `edd login{ServerFlag()}`");
        }

        return new EddApiClient(CreateHttpClient(), config.Token);
    }

    /// <summary>
    /// Refuses, before any request, a change that needs a "yes" nobody can type: <paramref name="yes"/> (--yes) was not
    /// given and stdin is not a terminal. <paramref name="action"/> reads "delete namespace photos".
    /// </summary>
    public void EnsureConfirmable(bool yes, string action)
    {
        if (!yes && !Console.IsInteractive)
        {
            throw new CliUsageException($"refusing to {action} without confirmation: stdin is not a terminal", "pass --yes");
        }
    }

    /// <summary>Asks <paramref name="question"/> on stderr with "[y/N]"; true only for y or yes. On no, says "not deleted".</summary>
    public bool Confirm(string question)
    {
        Error.Write($"{question} [y/N] ");
        var reply = Console.ReadLine()?.Trim();
        if (string.Equals(reply, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(reply, "yes", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        Error.WriteLine("not deleted");
        return false;
    }

    /// <summary>Prints a server answer: as received with --json, else in its human form.</summary>
    public void Write<T>(ApiResponse<T> answer, Action<TextWriter, T> human)
    {
        if (Json)
            WriteJson(answer.Json);
        else
            human(Out, answer.Value);
    }

    /// <summary>Prints a server answer exactly as received.</summary>
    public void WriteJson(JsonElement json) => Out.WriteLine(json.GetRawText());

    /// <summary>Prints JSON the CLI builds itself (combined pages, a token response without the token).</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RelaxedJson))
        {
            write(writer);
        }

        Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static string Display(Uri server) => server.GetLeftPart(UriPartial.Path).TrimEnd('/');

    public static Uri ParseServer(string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new CliUsageException($"'{value}' is not a server URL", $"use http(s)://host[:port], for example {GlobalOptions.DefaultServer}");
        }

        // A trailing slash makes relative paths ("api/me") resolve under a path prefix, if any.
        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return new UriBuilder(uri) { Path = path }.Uri;
    }

    public static bool IsLoopback(Uri server) =>
        server.IsLoopback || (IPAddress.TryParse(server.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private string ServerFlag() =>
        SameServer(GlobalOptions.DefaultServer, Server) && Parse.GetValue(_globals.Server) is null ? "" : $" --server {Display(Server)}";

    private static bool SameServer(string stored, Uri current) =>
        Uri.TryCreate(stored, UriKind.Absolute, out var storedUri)
        && string.Equals(Display(ParseServer(storedUri.ToString())), Display(current), StringComparison.OrdinalIgnoreCase);

    private HttpClient CreateHttpClient()
    {
        var client = _host.CreateHttpClient(Server);
        _clients.Add(client);
        return client;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
