using System.Net;
using System.Text;
using System.Text.Json;
using EddCloud.Cli;
using EddCloud.Tests.Cli.Dfs;
using EddCloud.Tests.Cli.Storage;

namespace EddCloud.Tests.Cli.Ssh;

/// <summary><c>edd keys ...</c> against an in-memory fake of <c>/api/me/ssh-keys</c>; HOME is a scratch folder.</summary>
public sealed class SshKeyCommandsAgainstFakeServerTests : IDisposable
{
    private const string LaptopId = "0b7c1d2e-0000-4000-8000-0000000000a1";
    private const string WorkId = "0b7c1d2e-0000-4000-8000-0000000000a2";
    private const string LaptopFingerprint = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
    private const string WorkFingerprint = "SHA256:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg";
    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    private const string Rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDkq3";

    private readonly StorageHarness _cli = new();
    private readonly string _home;

    public SshKeyCommandsAgainstFakeServerTests()
    {
        _home = Directory.CreateDirectory(Path.Combine(_cli.Files, "home")).FullName;
        _cli.Environment["HOME"] = _home;
        _cli.ServerHandler.On("GET", "/api/me/ssh-keys", HttpStatusCode.OK,
            $$"""{"items":[{{Key(LaptopId, "alice@laptop", "ssh-ed25519", 256, LaptopFingerprint)}},{{Key(WorkId, "work", "ssh-rsa", 3072, WorkFingerprint)}}]}""");
    }

    private static string Key(string id, string name, string type, int bits, string fingerprint) =>
        $$"""{"id":"{{id}}","name":"{{name}}","type":"{{type}}","bits":{{bits}},"fingerprint":"{{fingerprint}}","publicKey":"{{type}} AAAA","createdAt":"2026-01-02T03:04:05Z"}""";

    private static string Laptop(string name = "alice@laptop") => Key(LaptopId, name, "ssh-ed25519", 256, LaptopFingerprint);

    private string WriteSsh(string name, string text)
    {
        var ssh = Directory.CreateDirectory(Path.Combine(_home, ".ssh")).FullName;
        var path = Path.Combine(ssh, name);
        File.WriteAllText(path, text);
        return path;
    }

    private IEnumerable<StorageRequest> Changes => _cli.ServerHandler.Requests.Where(r => r.Method != HttpMethod.Get);

    // add

    [Fact]
    public async Task Add_File_PostsTheKeyLineAndTheName()
    {
        _cli.ServerHandler.On("POST", "/api/me/ssh-keys", HttpStatusCode.Created, Laptop("work laptop"));
        var file = _cli.WriteLocal("mine.pub", Encoding.UTF8.GetBytes(Ed25519 + " alice@laptop\n"));

        var code = await _cli.RunAsync("keys", "add", file, "--name", "work laptop");

        Assert.Equal(ExitCodes.Ok, code);
        var request = Assert.Single(_cli.ServerHandler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("Bearer session-jwt", request.Header("Authorization"));
        Assert.Equal($$"""{"name":"work laptop","publicKey":"{{Ed25519}} alice@laptop"}""", request.BodyText);
        Assert.Contains($"added SSH key work laptop (ssh-ed25519 256, {LaptopFingerprint}) as {LaptopId}", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_NoName_LeavesTheNameOut()
    {
        _cli.ServerHandler.On("POST", "/api/me/ssh-keys", HttpStatusCode.Created, Laptop());
        var file = _cli.WriteLocal("mine.pub", Encoding.UTF8.GetBytes(Ed25519 + " alice@laptop"));

        var code = await _cli.RunAsync("keys", "add", file);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal($$"""{"publicKey":"{{Ed25519}} alice@laptop"}""", Assert.Single(_cli.ServerHandler.Requests).BodyText);
    }

    [Fact]
    public async Task Add_Stdin_ReadsTheKeyFromStdin()
    {
        _cli.ServerHandler.On("POST", "/api/me/ssh-keys", HttpStatusCode.Created, Laptop());

        var code = await _cli.RunAsync(new DfsConsole { Stdin = Encoding.UTF8.GetBytes(Ed25519 + " piped\r\n") }, "keys", "add", "-");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal($$"""{"publicKey":"{{Ed25519}} piped"}""", Assert.Single(_cli.ServerHandler.Requests).BodyText);
    }

    [Fact]
    public async Task Add_NoFile_TakesEd25519BeforeEcdsaAndRsa()
    {
        _cli.ServerHandler.On("POST", "/api/me/ssh-keys", HttpStatusCode.Created, Laptop());
        WriteSsh("id_rsa.pub", Rsa + " rsa@home");
        WriteSsh("id_ecdsa.pub", "ecdsa-sha2-nistp256 AAAAE2VjZHNh ecdsa@home");
        WriteSsh("id_ed25519.pub", Ed25519 + " ed@home");

        var code = await _cli.RunAsync("keys", "add");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains(" ed@home\"", Assert.Single(_cli.ServerHandler.Requests).BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_NoFile_OnlyRsa_TakesRsa()
    {
        _cli.ServerHandler.On("POST", "/api/me/ssh-keys", HttpStatusCode.Created, Laptop());
        WriteSsh("id_rsa.pub", Rsa + " rsa@home");
        WriteSsh("id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n-----END OPENSSH PRIVATE KEY-----\n");

        var code = await _cli.RunAsync("keys", "add");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal($$"""{"publicKey":"{{Rsa}} rsa@home"}""", Assert.Single(_cli.ServerHandler.Requests).BodyText);
    }

    [Fact]
    public async Task Add_NoFileAndNoKeyInHome_SaysWhereItLookedAndHowToCreateOne()
    {
        var code = await _cli.RunAsync("keys", "add");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("no public key found", _cli.Error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_home, ".ssh", "id_ed25519.pub"), _cli.Error, StringComparison.Ordinal);
        Assert.Contains("ssh-keygen -t ed25519", _cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n")]
    [InlineData("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nAAAAIBx=\n")]
    public async Task Add_PrivateKey_RefusedBeforeAnythingIsSent(string text)
    {
        var file = WriteSsh("id_ed25519", text);

        var code = await _cli.RunAsync("keys", "add", file);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("looks like a PRIVATE key; it was not sent", _cli.Error, StringComparison.Ordinal);
        Assert.Contains($"({file}.pub)", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_PrivateKeyOnStdin_RefusedEvenWithoutASession()
    {
        _cli.Environment["EDD_CONFIG_DIR"] = Path.Combine(_cli.Files, "nobody");

        var code = await _cli.RunAsync(new DfsConsole { Stdin = Encoding.UTF8.GetBytes("-----BEGIN OPENSSH PRIVATE KEY-----\nx\n") }, "--json", "keys", "add", "-");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        using var problem = JsonDocument.Parse(_cli.Error);
        Assert.Contains("PRIVATE key", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_SeveralLines_Refused()
    {
        var file = _cli.WriteLocal("authorized_keys", Encoding.UTF8.GetBytes($"{Ed25519} a\n{Rsa} b\n"));

        var code = await _cli.RunAsync("keys", "add", file);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("holds 2 lines; add one key at a time", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_Invalid_ShowsTheServerDetailAndHowToGenerateAKey()
    {
        _cli.ServerHandler.On("POST", "/api/me/ssh-keys", _ => StorageFakeServer.Problem(HttpStatusCode.BadRequest, "validation", "RSA keys need at least 2048 bits."));
        var file = _cli.WriteLocal("small.pub", Encoding.UTF8.GetBytes(Rsa));

        var code = await _cli.RunAsync("keys", "add", file);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: RSA keys need at least 2048 bits.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: ", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("generate one with: ssh-keygen -t ed25519", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_AlreadyAdded_SaysSoAndPointsAtLs()
    {
        _cli.ServerHandler.On("POST", "/api/me/ssh-keys", _ => StorageFakeServer.Problem(HttpStatusCode.Conflict, "conflict", "You already added this key."));
        var file = _cli.WriteLocal("mine.pub", Encoding.UTF8.GetBytes(Ed25519));

        var code = await _cli.RunAsync("keys", "add", file);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("hint: this key is already added (see `edd keys ls`)", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_WithApiToken_Forbidden_SaysToSignIn()
    {
        _cli.Environment["EDD_TOKEN"] = "edd_pat_script";
        _cli.ServerHandler.On("POST", "/api/me/ssh-keys", _ => StorageFakeServer.Problem(HttpStatusCode.Forbidden, "forbidden", "This needs a session."));
        var file = _cli.WriteLocal("mine.pub", Encoding.UTF8.GetBytes(Ed25519));

        var code = await _cli.RunAsync("keys", "add", file);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("Bearer edd_pat_script", Assert.Single(_cli.ServerHandler.Requests).Header("Authorization"));
        Assert.Contains("hint: sign in with `edd login`: keys are credentials", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_Json_PrintsTheServerAnswer()
    {
        _cli.ServerHandler.On("POST", "/api/me/ssh-keys", HttpStatusCode.Created, Laptop());
        var file = _cli.WriteLocal("mine.pub", Encoding.UTF8.GetBytes(Ed25519));

        var code = await _cli.RunAsync("--json", "keys", "add", file);

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(LaptopFingerprint, document.RootElement.GetProperty("fingerprint").GetString());
    }

    // ls

    [Fact]
    public async Task Ls_ShowsNameTypeBitsFingerprintIdAdded()
    {
        var code = await _cli.RunAsync("keys", "ls");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = _cli.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^NAME\s+TYPE\s+BITS\s+FINGERPRINT\s+ID\s+ADDED$", lines[0]);
        Assert.Matches($@"^alice@laptop\s+ssh-ed25519\s+256\s+{LaptopFingerprint}\s+{LaptopId}\s+2026-01-02 03:04Z$", lines[1]);
        Assert.Matches($@"^work\s+ssh-rsa\s+3072\s+{WorkFingerprint}\s+{WorkId}\s+2026-01-02 03:04Z$", lines[2]);
    }

    [Fact]
    public async Task Ls_Json_PrintsTheServerAnswer()
    {
        var code = await _cli.RunAsync("--json", "keys", "ls");

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(["alice@laptop", "work"], document.RootElement.GetProperty("items").EnumerateArray().Select(k => k.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Ls_Empty_TellsHowToAddOne()
    {
        _cli.ServerHandler.On("GET", "/api/me/ssh-keys", HttpStatusCode.OK, """{"items":[]}""");

        var code = await _cli.RunAsync("keys", "ls");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("you have no SSH keys; add one with `edd keys add`", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_WithApiTokenLackingTheScope_NamesAccountRead()
    {
        _cli.Environment["EDD_TOKEN"] = "edd_pat_script";
        _cli.ServerHandler.On("GET", "/api/me/ssh-keys", _ => StorageFakeServer.Problem(HttpStatusCode.Forbidden, "forbidden", "Missing scope."));

        var code = await _cli.RunAsync("keys", "ls");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("account:read", _cli.Error, StringComparison.Ordinal);
    }

    // rename

    [Theory]
    [InlineData(WorkId)]
    [InlineData("WORK")]
    [InlineData(WorkFingerprint)]
    [InlineData("Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg")]
    public async Task Rename_ByIdNameOrFingerprint_PatchesThatKeysId(string which)
    {
        _cli.ServerHandler.On("PATCH", $"/api/me/ssh-keys/{WorkId}", HttpStatusCode.OK, Key(WorkId, "office", "ssh-rsa", 3072, WorkFingerprint));

        var code = await _cli.RunAsync("keys", "rename", which, "office");

        Assert.Equal(ExitCodes.Ok, code);
        var patch = Assert.Single(Changes);
        Assert.Equal(HttpMethod.Patch, patch.Method);
        Assert.Equal($"/api/me/ssh-keys/{WorkId}", patch.Path);
        Assert.Equal("""{"name":"office"}""", patch.BodyText);
        Assert.Contains($"renamed SSH key work to office ({WorkFingerprint})", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_FingerprintInTheWrongCase_DoesNotMatch()
    {
        var code = await _cli.RunAsync("keys", "rename", WorkFingerprint.ToLowerInvariant(), "office");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(Changes);
        Assert.Contains("you have no SSH key", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_Unknown_SaysSoAndSendsNoChange()
    {
        var code = await _cli.RunAsync("keys", "rename", "desktop", "office");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(Changes);
        Assert.Contains("error: you have no SSH key 'desktop'", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("`edd keys ls`", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_TwoKeysWithThatName_AsksForTheIdOrFingerprint()
    {
        _cli.ServerHandler.On("GET", "/api/me/ssh-keys", HttpStatusCode.OK,
            $$"""{"items":[{{Key(LaptopId, "same", "ssh-ed25519", 256, LaptopFingerprint)}},{{Key(WorkId, "same", "ssh-rsa", 3072, WorkFingerprint)}}]}""");

        var code = await _cli.RunAsync("keys", "rename", "same", "office");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(Changes);
        Assert.Contains($"2 of your SSH keys are named 'same' ({LaptopId}, {WorkId})", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("give the id or the fingerprint", _cli.Error, StringComparison.Ordinal);
    }

    // rm

    [Fact]
    public async Task Rm_NotInteractiveWithoutYes_RefusesAndCallsNothing()
    {
        var code = await _cli.RunAsync(new DfsConsole(interactive: false), "keys", "rm", "work");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(_cli.ServerHandler.Requests);
        Assert.Contains("hint: pass --yes", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_InteractiveDeclined_DoesNotDelete()
    {
        var code = await _cli.RunAsync(new DfsConsole(interactive: true).WithLine("n"), "keys", "rm", "work");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(Changes);
        Assert.Contains($"Delete SSH key work (ssh-rsa 3072, {WorkFingerprint})?", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("not deleted", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_InteractiveConfirmed_DeletesByIdFromTheFingerprint()
    {
        _cli.ServerHandler.On("DELETE", $"/api/me/ssh-keys/{LaptopId}", HttpStatusCode.NoContent);

        var code = await _cli.RunAsync(new DfsConsole(interactive: true).WithLine("yes"), "keys", "rm", LaptopFingerprint);

        Assert.Equal(ExitCodes.Ok, code);
        var delete = Assert.Single(Changes);
        Assert.Equal(HttpMethod.Delete, delete.Method);
        Assert.Equal($"/api/me/ssh-keys/{LaptopId}", delete.Path);
        Assert.Contains("deleted SSH key alice@laptop", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_YesJson_DeletesWithoutAskingAndPrintsIdAndFingerprint()
    {
        _cli.ServerHandler.On("DELETE", $"/api/me/ssh-keys/{WorkId}", HttpStatusCode.NoContent);

        var code = await _cli.RunAsync("--json", "keys", "rm", "work", "--yes");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal($"/api/me/ssh-keys/{WorkId}", Assert.Single(Changes).Path);
        using var document = JsonDocument.Parse(_cli.Out);
        Assert.Equal(WorkId, document.RootElement.GetProperty("id").GetString());
        Assert.Equal(WorkFingerprint, document.RootElement.GetProperty("fingerprint").GetString());
        Assert.True(document.RootElement.GetProperty("deleted").GetBoolean());
    }

    [Fact]
    public async Task Rm_WithApiToken_Forbidden_SaysToSignIn()
    {
        _cli.Environment["EDD_TOKEN"] = "edd_pat_script";
        _cli.ServerHandler.On("DELETE", $"/api/me/ssh-keys/{WorkId}", _ => StorageFakeServer.Problem(HttpStatusCode.Forbidden, "forbidden", "This needs a session."));

        var code = await _cli.RunAsync("keys", "rm", "work", "--yes");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("hint: sign in with `edd login`: keys are credentials", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_GoneMeanwhile_PointsAtLs()
    {
        _cli.ServerHandler.On("DELETE", $"/api/me/ssh-keys/{WorkId}", _ => StorageFakeServer.Problem(HttpStatusCode.NotFound, "not_found", "No such key."));

        var code = await _cli.RunAsync("keys", "rm", "work", "--yes");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("hint: no such SSH key (deleted meanwhile?); see `edd keys ls`", _cli.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
